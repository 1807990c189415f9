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

using namespace docintake;

namespace {

constexpr int kPxPerSquare = 100;
constexpr int kMargin = 40;
const cv::Size kFrame(1280, 720);
const cv::Matx33d kCamera(1000, 0, 642, 0, 1000, 357, 0, 0, 1);
const std::vector<double> kDistortion = {-0.15, 0.05, 0, 0, 0};

cv::Mat Board(const CharucoBoardSpec& spec) {
    auto dict = cv::aruco::getPredefinedDictionary(cv::aruco::DICT_5X5_100);
    auto board = cv::aruco::CharucoBoard::create(spec.squares_x, spec.squares_y, static_cast<float>(spec.square_mm),
                                                 static_cast<float>(spec.marker_mm), dict);
    cv::Mat img;
    board->draw({spec.squares_x * kPxPerSquare + 2 * kMargin, spec.squares_y * kPxPerSquare + 2 * kMargin}, img, kMargin, 1);
    return img;
}

// For every frame pixel, where an ideal (distortion-free) camera would have seen
// the ray the distorted camera sees there.
cv::Mat IdealPixels() {
    std::vector<cv::Point2f> pixels;
    for (int y = 0; y < kFrame.height; ++y)
        for (int x = 0; x < kFrame.width; ++x) pixels.emplace_back(static_cast<float>(x), static_cast<float>(y));
    std::vector<cv::Point2f> ideal;
    cv::undistortPoints(pixels, ideal, kCamera, kDistortion, cv::noArray(), kCamera);
    return cv::Mat(ideal).reshape(2, kFrame.height).clone();
}

// The board (its image's pixels mapped to millimetres, centred) seen from a pose.
cv::Mat View(const cv::Mat& board, const CharucoBoardSpec& spec, const cv::Mat& ideal, cv::Vec3d rvec, cv::Vec3d tvec, unsigned seed) {
    const double mm_per_px = spec.square_mm / kPxPerSquare;
    const cv::Matx33d to_mm(mm_per_px, 0, -board.cols / 2.0 * mm_per_px, 0, mm_per_px, -board.rows / 2.0 * mm_per_px, 0, 0, 1);
    cv::Matx33d r;
    cv::Rodrigues(rvec, r);
    const cv::Matx33d rt(r(0, 0), r(0, 1), tvec[0], r(1, 0), r(1, 1), tvec[1], r(2, 0), r(2, 1), tvec[2]);
    const cv::Matx33d h = kCamera * rt * to_mm;  // board px -> ideal frame px
    cv::Mat map;
    cv::perspectiveTransform(ideal, map, cv::Mat(h.inv()));
    cv::Mat view;
    cv::remap(board, view, map, cv::noArray(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(120));
    cv::GaussianBlur(view, view, {0, 0}, 0.8);
    cv::Mat noise(view.size(), CV_16S), f;
    cv::RNG(seed).fill(noise, cv::RNG::NORMAL, 0, 2);
    view.convertTo(f, CV_16S);
    f += noise;
    f.convertTo(view, CV_8U);
    return view;
}

}  // namespace

TEST_CASE("ChArUco views of a known camera give back its intrinsics within 0.5 px reprojection error") {
    const CharucoBoardSpec spec;
    const cv::Mat board = Board(spec);
    const cv::Mat ideal = IdealPixels();
    LensCalibrator calibrator(spec);
    const double d = 30 * CV_PI / 180;
    const std::vector<std::pair<cv::Vec3d, cv::Vec3d>> poses = {
        {{0, 0, 0}, {0, 0, 420}},          {{d, 0, 0}, {-40, 20, 430}},      {{-d, 0, 0}, {40, -20, 430}},
        {{0, d, 0}, {-30, -10, 450}},      {{0, -d, 0}, {30, 10, 450}},      {{d * 0.7, d * 0.7, 0.3}, {-60, 30, 480}},
        {{-d * 0.7, d * 0.7, -0.3}, {60, -30, 480}}, {{0.2, -0.3, 0.5}, {-80, 60, 520}}, {{-0.3, -0.2, -0.4}, {90, -50, 520}}};
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
    CHECK(std::fabs(lens.distortion[0] - kDistortion[0]) < 0.03);
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
    lens.camera = {kCamera(0, 0), kCamera(1, 1), kCamera(0, 2), kCamera(1, 2)};
    lens.distortion = kDistortion;
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
