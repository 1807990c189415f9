// Undistorter: a lens calibration applied to frames (calibrate.h).
#include <cmath>

#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include "docintake/calibrate.h"

namespace docintake {

struct Undistorter::Impl {
    Error error;
    cv::Size size;
    cv::Mat map1, map2;
};

Undistorter::Undistorter(const LensCalibration& lens, int width, int height) : impl_(std::make_unique<Impl>()) {
    bool finite = true;
    for (double v : lens.camera) finite = finite && std::isfinite(v);
    for (double v : lens.distortion) finite = finite && std::isfinite(v);
    if (width <= 0 || height <= 0 || width > 20000 || height > 20000 || !finite || lens.camera[0] <= 0 || lens.camera[1] <= 0 ||
        lens.distortion.size() < 4 || lens.distortion.size() > 14) {
        impl_->error = {ErrorCode::InvalidArgument, "the lens calibration does not describe a camera of this size"};
        return;
    }
    impl_->size = {width, height};
    const cv::Matx33d k(lens.camera[0], 0, lens.camera[2], 0, lens.camera[1], lens.camera[3], 0, 0, 1);
    try {
        // The same camera matrix out: the centre keeps its scale (px/mm stays what was measured there).
        cv::initUndistortRectifyMap(k, lens.distortion, cv::noArray(), k, impl_->size, CV_16SC2, impl_->map1, impl_->map2);
    } catch (const cv::Exception&) {
        impl_->error = {ErrorCode::InvalidArgument, "the lens calibration could not be turned into a map"};
    }
}

Undistorter::~Undistorter() = default;
Undistorter::Undistorter(Undistorter&&) noexcept = default;
Undistorter& Undistorter::operator=(Undistorter&&) noexcept = default;

const Error& Undistorter::error() const { return impl_->error; }

Error Undistorter::Apply(const ImageView& frame, std::vector<std::uint8_t>& pixels, ImageView& undistorted) const {
    undistorted = {};
    if (impl_->error) return impl_->error;
    if (!frame.valid()) return {ErrorCode::InvalidImage, "image view has no pixels or a bad size or stride"};
    if (frame.width() != impl_->size.width || frame.height() != impl_->size.height)
        return {ErrorCode::InvalidImage, "the frame's size is not the lens calibration's"};
    const int bpp = BytesPerPixel(frame.format());
    const cv::Mat in(frame.height(), frame.width(), CV_MAKETYPE(CV_8U, bpp), const_cast<std::uint8_t*>(frame.data()),
                     static_cast<std::size_t>(frame.row_stride()));
    pixels.resize(static_cast<std::size_t>(frame.width()) * frame.height() * bpp);
    cv::Mat out(frame.height(), frame.width(), CV_MAKETYPE(CV_8U, bpp), pixels.data());
    cv::remap(in, out, impl_->map1, impl_->map2, cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar::all(0));
    undistorted = ImageView(pixels.data(), frame.width(), frame.height(), frame.format());
    return {};
}

}  // namespace docintake
