#include "vision/gray.h"

#include <opencv2/imgproc.hpp>

namespace docintake::vision {

cv::Mat ToGray(const ImageView& view, cv::Mat* buffer) {
    if (!view.valid()) return {};
    const int bpp = BytesPerPixel(view.format());
    // cv::Mat wants a non-const pointer; nothing below writes through it.
    auto* data = const_cast<std::uint8_t*>(view.data());
    const auto step = static_cast<size_t>(view.row_stride());
    const int type = CV_MAKETYPE(CV_8U, bpp);
    cv::Mat wrapped(view.height(), view.width(), type, data, step);
    if (view.format() == PixelFormat::Gray) return wrapped;
    cv::Mat local;
    cv::Mat& gray = buffer ? *buffer : local;
    switch (view.format()) {
        case PixelFormat::RGB: cv::cvtColor(wrapped, gray, cv::COLOR_RGB2GRAY); break;
        case PixelFormat::BGR: cv::cvtColor(wrapped, gray, cv::COLOR_BGR2GRAY); break;
        case PixelFormat::RGBA: cv::cvtColor(wrapped, gray, cv::COLOR_RGBA2GRAY); break;
        case PixelFormat::BGRA: cv::cvtColor(wrapped, gray, cv::COLOR_BGRA2GRAY); break;
        case PixelFormat::Gray: break;
    }
    return gray;
}

}  // namespace docintake::vision
