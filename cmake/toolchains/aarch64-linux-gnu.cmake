# Cross build for aarch64 (Raspberry Pi 4/5 class boards) with Debian's cross toolchain
# (crossbuild-essential-arm64) against an arm64 root holding the -dev packages
# (tools/arm64/sysroot.sh makes one). Programs and tests run under qemu-aarch64-static.
#   cmake -S . -B build-arm64 -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake
# The root is $DOCINTAKE_ARM64_SYSROOT, else /var/cache/docintake-arm64/sysroot; an
# environment variable, because CMake reads this file again for every try_compile.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

if(DEFINED ENV{DOCINTAKE_ARM64_SYSROOT})
  set(DOCINTAKE_ARM64_SYSROOT "$ENV{DOCINTAKE_ARM64_SYSROOT}")
else()
  set(DOCINTAKE_ARM64_SYSROOT /var/cache/docintake-arm64/sysroot)
endif()
if(NOT EXISTS "${DOCINTAKE_ARM64_SYSROOT}/usr/include/aarch64-linux-gnu")
  message(FATAL_ERROR "No arm64 root at ${DOCINTAKE_ARM64_SYSROOT}: run tools/arm64/sysroot.sh")
endif()
set(CMAKE_SYSROOT "${DOCINTAKE_ARM64_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH "${DOCINTAKE_ARM64_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)  # build tools (python3, espeak-ng) are the host's
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# The root's libraries need each other (libopencv_core needs libtbb, ...): tell the linker where.
foreach(dir lib/aarch64-linux-gnu usr/lib/aarch64-linux-gnu)
  string(APPEND CMAKE_EXE_LINKER_FLAGS_INIT " -Wl,-rpath-link,${DOCINTAKE_ARM64_SYSROOT}/${dir}")
  string(APPEND CMAKE_SHARED_LINKER_FLAGS_INIT " -Wl,-rpath-link,${DOCINTAKE_ARM64_SYSROOT}/${dir}")
endforeach()

# pkg-config looks only in the root, and prefixes the paths it prints with it.
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${DOCINTAKE_ARM64_SYSROOT}")
set(ENV{PKG_CONFIG_LIBDIR}
    "${DOCINTAKE_ARM64_SYSROOT}/usr/lib/aarch64-linux-gnu/pkgconfig:${DOCINTAKE_ARM64_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# ctest (and add_custom_command) run the arm64 programs through qemu, with the root's
# loader and libraries; no binfmt_misc registration needed.
find_program(DOCINTAKE_QEMU_AARCH64 qemu-aarch64-static qemu-aarch64)
if(DOCINTAKE_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${DOCINTAKE_QEMU_AARCH64};-L;${DOCINTAKE_ARM64_SYSROOT}")
endif()
