// RunSweep: step a camera control and measure each setting (calibrate.h).
#include <algorithm>
#include <string>

#include "docintake/calibrate.h"
#include "docintake/read_mrz.h"

namespace docintake {
namespace {

double FocusOf(const FrameMeasures& m) { return m.mrz_sharpness ? *m.mrz_sharpness : m.sharpness; }

}  // namespace

SweepResult RunSweep(SweepCamera& camera, CameraControl control, const std::vector<double>& values, MrzReader* reader,
                     const SweepOptions& options) {
    SweepResult result;
    if (values.empty()) {
        result.error = {ErrorCode::InvalidArgument, "no settings to sweep"};
        return result;
    }
    for (double value : values) {
        if (!camera.Set(control, value)) {
            result.error = {ErrorCode::Unsupported, std::string("the camera does not take the ") + ToString(control) + " control"};
            return result;
        }
        for (int i = 0; i < options.settle_frames; ++i) camera.Grab();
        std::vector<FrameMeasures> measured;
        for (int i = 0; i < std::max(1, options.measured_frames); ++i) {
            const ImageView view = camera.Grab();
            if (!view.valid()) break;
            if (reader) {
                const MrzReadResult reading = reader->Read(view);
                measured.push_back(MeasureFrame(view, &reading, options.targets));
            } else {
                measured.push_back(MeasureFrame(view, nullptr, options.targets));
            }
        }
        if (measured.empty()) {
            result.error = {ErrorCode::IoError, "the camera gave no frame during the sweep"};
            return result;
        }
        // The median by sharpness: one frame caught mid-adjustment does not decide.
        std::sort(measured.begin(), measured.end(), [](const FrameMeasures& a, const FrameMeasures& b) { return FocusOf(a) < FocusOf(b); });
        result.samples.push_back({value, measured[measured.size() / 2]});
    }
    result.choice = ChooseSetting(control, result.samples, options.targets);
    camera.Set(control, result.choice.found ? result.choice.value : values.back());
    return result;
}

}  // namespace docintake
