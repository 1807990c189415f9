// Lens calibration from generated views of a ChArUco board seen by a known
// camera (intrinsics and barrel distortion put in): the reprojection error is
// within the 0.5 px target and the intrinsics and distortion come back.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include <opencv2/aruco/charuco.hpp>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include <docintake/calibrate.h>
#include <docintake/opencv.h>

#include "../../bench/testcard/charuco_views.h"

using namespace docintake;

namespace {

const testcard::KnownCamera kCam;

cv::Mat Board(const CharucoBoardSpec& spec) { return testcard::BoardImage(spec); }
cv::Mat IdealPixels() { return testcard::IdealPixels(kCam); }
cv::Mat View(const cv::Mat& board, const CharucoBoardSpec& spec, const cv::Mat& ideal, cv::Vec3d rvec, cv::Vec3d tvec, unsigned seed) {
    return testcard::BoardView(board, spec, kCam, ideal, rvec, tvec, seed);
}

}  // namespace

TEST_CASE("ChArUco views of a known camera give back its intrinsics within 0.5 px reprojection error") {
    const CharucoBoardSpec spec;
    const cv::Mat board = Board(spec);
    const cv::Mat ideal = IdealPixels();
    LensCalibrator calibrator(spec);
    const auto poses = testcard::CalibrationPoses();
    unsigned seed = 1;
    for (const auto& [rvec, tvec] : poses) {
        const cv::Mat view = View(board, spec, ideal, rvec, tvec, seed++);
        Error e;
        const int corners = calibrator.AddView(ViewOf(view), &e);
        CHECK(!e);
        CHECK(corners >= 8);
    }
    REQUIRE(calibrator.views() >= 8);
    LensCalibration lens;
    const Error e = calibrator.Calibrate(lens);
    REQUIRE_MESSAGE(!e, e.message);
    std::printf("lens: fx %.1f fy %.1f cx %.1f cy %.1f k1 %.4f k2 %.4f, reprojection %.3f px over %d views\n", lens.camera[0],
                lens.camera[1], lens.camera[2], lens.camera[3], lens.distortion[0], lens.distortion[1], lens.reprojection_error_px,
                calibrator.views());
    CHECK(lens.reprojection_error_px <= 0.5);
    CHECK(std::fabs(lens.camera[0] / 1000 - 1) < 0.02);
    CHECK(std::fabs(lens.camera[1] / 1000 - 1) < 0.02);
    CHECK(std::fabs(lens.camera[2] - 642) < 10);
    CHECK(std::fabs(lens.camera[3] - 357) < 10);
    REQUIRE(lens.distortion.size() >= 5);
    CHECK(std::fabs(lens.distortion[0] - kCam.distortion[0]) < 0.03);
}

TEST_CASE("views without the board, of another size, or too few are refused with typed errors") {
    LensCalibrator calibrator;
    cv::Mat blank(720, 1280, CV_8UC1, cv::Scalar(128));
    Error e;
    CHECK(calibrator.AddView(ViewOf(blank), &e) == 0);
    CHECK(!e);
    CHECK(calibrator.AddView(ImageView(), &e) == 0);
    CHECK(e.code == ErrorCode::InvalidImage);
    LensCalibration lens;
    CHECK(calibrator.Calibrate(lens).code == ErrorCode::InvalidArgument);

    const CharucoBoardSpec spec;
    const cv::Mat view = View(Board(spec), spec, IdealPixels(), {0, 0, 0}, {0, 0, 420}, 1);
    CHECK(calibrator.AddView(ViewOf(view), &e) >= 8);
    CHECK(calibrator.views() == 1);
    cv::Mat half;
    cv::resize(view, half, {640, 360});
    CHECK(calibrator.AddView(ViewOf(half), &e) == 0);
    CHECK(e.code == ErrorCode::InvalidImage);
    CHECK(calibrator.views() == 1);
    CHECK(calibrator.Calibrate(lens).code == ErrorCode::InvalidArgument);
}

namespace {

// RMS distance of the board's detected corners from the best homography of the
// flat board: 0 for a distortion-free view, large when the lens bends lines.
double HomographyResidual(const cv::Mat& view, const CharucoBoardSpec& spec) {
    auto dict = cv::aruco::getPredefinedDictionary(cv::aruco::DICT_5X5_100);
    auto board = cv::aruco::CharucoBoard::create(spec.squares_x, spec.squares_y, static_cast<float>(spec.square_mm),
                                                 static_cast<float>(spec.marker_mm), dict);
    std::vector<std::vector<cv::Point2f>> marker_corners;
    std::vector<int> marker_ids;
    cv::aruco::detectMarkers(view, dict, marker_corners, marker_ids);
    std::vector<cv::Point2f> corners;
    std::vector<int> ids;
    cv::aruco::interpolateCornersCharuco(marker_corners, marker_ids, view, board, corners, ids);
    REQUIRE(corners.size() >= 12);
    std::vector<cv::Point2f> object;
    for (int id : ids) object.emplace_back(board->chessboardCorners[static_cast<std::size_t>(id)].x, board->chessboardCorners[static_cast<std::size_t>(id)].y);
    const cv::Mat h = cv::findHomography(object, corners);
    std::vector<cv::Point2f> mapped;
    cv::perspectiveTransform(object, mapped, h);
    double sum = 0;
    for (std::size_t i = 0; i < corners.size(); ++i) sum += std::pow(cv::norm(mapped[i] - corners[i]), 2);
    return std::sqrt(sum / static_cast<double>(corners.size()));
}

}  // namespace

TEST_CASE("the Undistorter straightens a distorted view with the lens's calibration") {
    const CharucoBoardSpec spec;
    // Close to the frame's edges, where the barrel distortion bends most.
    const cv::Mat view = View(Board(spec), spec, IdealPixels(), {0.1, -0.15, 0.05}, {0, 0, 240}, 3);
    LensCalibration lens;
    lens.camera = {kCam.matrix(0, 0), kCam.matrix(1, 1), kCam.matrix(0, 2), kCam.matrix(1, 2)};
    lens.distortion = kCam.distortion;
    const Undistorter undistorter(lens, view.cols, view.rows);
    REQUIRE(!undistorter.error());
    std::vector<std::uint8_t> pixels;
    ImageView straight;
    REQUIRE(!undistorter.Apply(ViewOf(view), pixels, straight));
    const cv::Mat out(straight.height(), straight.width(), CV_8UC1, pixels.data());
    const double before = HomographyResidual(view, spec), after = HomographyResidual(out, spec);
    std::printf("homography residual: distorted %.2f px, undistorted %.2f px\n", before, after);
    CHECK(before > 0.5);
    CHECK(after < 0.2);

    cv::Mat half;
    cv::resize(view, half, {640, 360});
    CHECK(undistorter.Apply(ViewOf(half), pixels, straight).code == ErrorCode::InvalidImage);
    lens.camera[0] = std::nan("");
    CHECK(Undistorter(lens, 1280, 720).error().code == ErrorCode::InvalidArgument);
}
