// LensCalibrator: intrinsics and distortion from views of a ChArUco board (calibrate.h).
#include <algorithm>
#include <cmath>

#include <opencv2/aruco/charuco.hpp>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include "docintake/calibrate.h"
#include "vision/gray.h"

namespace docintake {
namespace {

constexpr int kMinCorners = 8;
constexpr int kMinViews = 4;

}  // namespace

struct LensCalibrator::Impl {
    cv::Ptr<cv::aruco::Dictionary> dictionary;
    cv::Ptr<cv::aruco::CharucoBoard> board;
    cv::Ptr<cv::aruco::DetectorParameters> params;
    cv::Size size;
    std::vector<cv::Mat> corners, ids;
};

LensCalibrator::LensCalibrator(CharucoBoardSpec spec) : impl_(std::make_unique<Impl>()) {
    impl_->dictionary = cv::aruco::getPredefinedDictionary(cv::aruco::DICT_5X5_100);
    impl_->board = cv::aruco::CharucoBoard::create(spec.squares_x, spec.squares_y, static_cast<float>(spec.square_mm),
                                                   static_cast<float>(spec.marker_mm), impl_->dictionary);
    impl_->params = cv::aruco::DetectorParameters::create();
    impl_->params->cornerRefinementMethod = cv::aruco::CORNER_REFINE_SUBPIX;
}

LensCalibrator::~LensCalibrator() = default;
LensCalibrator::LensCalibrator(LensCalibrator&&) noexcept = default;
LensCalibrator& LensCalibrator::operator=(LensCalibrator&&) noexcept = default;

int LensCalibrator::views() const { return static_cast<int>(impl_->corners.size()); }

int LensCalibrator::AddView(const ImageView& view, Error* error) {
    if (error) *error = {};
    const cv::Mat gray = vision::ToGray(view);
    if (gray.empty()) {
        if (error) *error = {ErrorCode::InvalidImage, "image view has no pixels or a bad size or stride"};
        return 0;
    }
    if (!impl_->size.empty() && gray.size() != impl_->size) {
        if (error) *error = {ErrorCode::InvalidImage, "every view must have the size of the first"};
        return 0;
    }
    try {
        std::vector<std::vector<cv::Point2f>> marker_corners;
        std::vector<int> marker_ids;
        cv::aruco::detectMarkers(gray, impl_->dictionary, marker_corners, marker_ids, impl_->params);
        if (marker_ids.empty()) return 0;
        cv::Mat corners, ids;
        const int n = cv::aruco::interpolateCornersCharuco(marker_corners, marker_ids, gray, impl_->board, corners, ids);
        if (n >= kMinCorners) {
            impl_->size = gray.size();
            impl_->corners.push_back(corners);
            impl_->ids.push_back(ids);
        }
        return std::max(n, 0);
    } catch (const cv::Exception&) {
        if (error) *error = {ErrorCode::Internal, "OpenCV failed to look for the board in the view"};
        return 0;
    }
}

Error LensCalibrator::Calibrate(LensCalibration& out) const {
    if (views() < kMinViews) return {ErrorCode::InvalidArgument, "lens calibration needs at least 4 views of the board"};
    try {
        cv::Mat k, dist;
        std::vector<cv::Mat> rvecs, tvecs;
        const double rms = cv::aruco::calibrateCameraCharuco(impl_->corners, impl_->ids, impl_->board, impl_->size, k, dist, rvecs, tvecs);
        if (!std::isfinite(rms) || k.empty()) return {ErrorCode::Internal, "the calibration did not converge"};
        out.camera = {k.at<double>(0, 0), k.at<double>(1, 1), k.at<double>(0, 2), k.at<double>(1, 2)};
        out.distortion.assign(dist.begin<double>(), dist.end<double>());
        out.reprojection_error_px = rms;
        return {};
    } catch (const cv::Exception&) {
        return {ErrorCode::Internal, "the calibration failed (views too alike or too few corners)"};
    }
}

}  // namespace docintake
