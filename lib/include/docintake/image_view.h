#pragma once
// A non-owning view of pixels, in the spirit of ZXing-C++'s ImageView:
// wrap any buffer (camera, file, GUI toolkit) without copying.

#include <climits>
#include <cstdint>

namespace docintake {

enum class PixelFormat : std::uint8_t { Gray, RGB, BGR, RGBA, BGRA };

inline int BytesPerPixel(PixelFormat f) {
    switch (f) {
        case PixelFormat::Gray: return 1;
        case PixelFormat::RGB:
        case PixelFormat::BGR: return 3;
        case PixelFormat::RGBA:
        case PixelFormat::BGRA: return 4;
    }
    return 0;
}

class ImageView {
public:
    ImageView() = default;
    // row_stride in bytes; 0 means tightly packed (width * bytes per pixel).
    ImageView(const std::uint8_t* data, int width, int height, PixelFormat format, int row_stride = 0)
        : data_(data), width_(width), height_(height), format_(format),
          row_stride_(row_stride ? row_stride : PackedRowBytes(width, format)) {}

    const std::uint8_t* data() const { return data_; }
    int width() const { return width_; }
    int height() const { return height_; }
    PixelFormat format() const { return format_; }
    int row_stride() const { return row_stride_; }

    // True when the view can be read: pixels present, a known format, positive
    // size, a row's bytes fit in an int and in the stride. (Whether the buffer
    // really holds height * stride bytes only the caller knows.)
    bool valid() const {
        const int row_bytes = PackedRowBytes(width_, format_);
        return data_ != nullptr && width_ > 0 && height_ > 0 && row_bytes > 0 && row_stride_ >= row_bytes;
    }

private:
    // width * bytes per pixel; -1 when that is no positive int (nonsense width or format).
    static int PackedRowBytes(int width, PixelFormat format) {
        const long long bytes = static_cast<long long>(width) * BytesPerPixel(format);
        return bytes > 0 && bytes <= INT_MAX ? static_cast<int>(bytes) : -1;
    }

    const std::uint8_t* data_ = nullptr;
    int width_ = 0;
    int height_ = 0;
    PixelFormat format_ = PixelFormat::Gray;
    int row_stride_ = 0;
};

}  // namespace docintake
