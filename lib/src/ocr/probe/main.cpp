// docintake-model-probe: loads one OCR model, so that the host does not have to
// risk it. Tesseract aborts on some damaged models; here that ends only this
// program. Started by the library (model_probe.cpp) with posix_spawn:
//   stdin   the model's bytes (.traineddata), read to the end
//   argv[1] the model's name ("mrz", "eng", ...)
//   fd 3    where the verdict byte goes (probe/protocol.h)
// stdout and stderr are /dev/null, the environment is empty. Exit status 0 after a
// verdict was written, 2 on a usage error; a crash writes no verdict at all.
#include <unistd.h>

#include <cerrno>
#include <string>

#include "ocr/probe/protocol.h"
#include "ocr/tesseract_init.h"

namespace {

namespace protocol = docintake::ocr::probe_protocol;

bool ReadAll(int fd, std::string& out) {
    char buffer[65536];
    for (;;) {
        const ssize_t n = read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) return true;
        if (static_cast<long>(out.size()) + n > protocol::kMaxModelBytes) return false;
        out.append(buffer, static_cast<std::size_t>(n));
    }
}

void Answer(char verdict) {
    while (write(protocol::kVerdictFd, &verdict, 1) < 0 && errno == EINTR) {
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2 || argv[1][0] == '\0') return 2;
    std::string model;
    if (!ReadAll(STDIN_FILENO, model)) {
        Answer(protocol::kRefused);
        return 0;
    }
    bool loaded = false;
    try {
        // The verdict waits until the model is unloaded again: a model that takes
        // the program down on its way out would take the host down too.
        tesseract::TessBaseAPI api;
        loaded = docintake::ocr::InitTesseractFromMemory(api, model, argv[1]);
        api.End();
    } catch (...) {
        loaded = false;
    }
    Answer(loaded ? protocol::kLoaded : protocol::kRefused);
    return 0;
}
