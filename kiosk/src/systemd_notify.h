#pragma once
// sd_notify without libsystemd: one datagram to $NOTIFY_SOCKET. Does nothing
// when not started by systemd with Type=notify.

#include <cstdint>
#include <string>

namespace docintake::kiosk {

// E.g. "READY=1", "WATCHDOG=1", "STOPPING=1". False when there is no socket.
bool SdNotify(const std::string& message);
// Microseconds from $WATCHDOG_USEC, 0 when no watchdog is set for this process.
std::uint64_t WatchdogMicros();

}  // namespace docintake::kiosk
