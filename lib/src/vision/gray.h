#pragma once
// Grey-level access to any ImageView for the vision code.

#include <opencv2/core.hpp>

#include "docintake/image_view.h"

namespace docintake::vision {

// A CV_8UC1 Mat of the view: wraps the caller's buffer without copying when the
// view is already Gray (the caller's buffer must outlive the Mat), otherwise a
// converted copy, made in `buffer` when given (reused from frame to frame: its
// memory is not allocated again). An invalid view gives an empty Mat.
cv::Mat ToGray(const ImageView& view, cv::Mat* buffer = nullptr);

}  // namespace docintake::vision
