#pragma once
// Views of the ChArUco lens board (docintake/calibrate.h: CharucoBoardSpec) as a
// KNOWN camera sees them: intrinsics and barrel distortion put in, the board
// posed in 3D, blur and sensor noise. For the lens calibration's tests.

#include <utility>
#include <vector>

#include <opencv2/aruco/charuco.hpp>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include <docintake/calibrate.h>

namespace docintake::testcard {

struct KnownCamera {
    cv::Size frame{1280, 720};
    cv::Matx33d matrix{1000, 0, 642, 0, 1000, 357, 0, 0, 1};
    std::vector<double> distortion{-0.15, 0.05, 0, 0, 0};
};

constexpr int kBoardPxPerSquare = 100;
constexpr int kBoardMarginPx = 40;

inline cv::Mat BoardImage(const CharucoBoardSpec& spec) {
    auto dict = cv::aruco::getPredefinedDictionary(cv::aruco::DICT_5X5_100);
    auto board = cv::aruco::CharucoBoard::create(spec.squares_x, spec.squares_y, static_cast<float>(spec.square_mm),
                                                 static_cast<float>(spec.marker_mm), dict);
    cv::Mat img;
    board->draw({spec.squares_x * kBoardPxPerSquare + 2 * kBoardMarginPx, spec.squares_y * kBoardPxPerSquare + 2 * kBoardMarginPx}, img,
                kBoardMarginPx, 1);
    return img;
}

// For every frame pixel, where a distortion-free camera would have seen the ray
// the distorted camera sees there (CV_32FC2). Made once per camera.
inline cv::Mat IdealPixels(const KnownCamera& cam) {
    std::vector<cv::Point2f> pixels;
    for (int y = 0; y < cam.frame.height; ++y)
        for (int x = 0; x < cam.frame.width; ++x) pixels.emplace_back(static_cast<float>(x), static_cast<float>(y));
    std::vector<cv::Point2f> ideal;
    cv::undistortPoints(pixels, ideal, cam.matrix, cam.distortion, cv::noArray(), cam.matrix);
    return cv::Mat(ideal).reshape(2, cam.frame.height).clone();
}

// The board (its image's pixels mapped to millimetres, centred) seen from a pose
// (rotation vector, translation in mm), grey.
inline cv::Mat BoardView(const cv::Mat& board, const CharucoBoardSpec& spec, const KnownCamera& cam, const cv::Mat& ideal, cv::Vec3d rvec,
                         cv::Vec3d tvec, unsigned seed) {
    const double mm_per_px = spec.square_mm / kBoardPxPerSquare;
    const cv::Matx33d to_mm(mm_per_px, 0, -board.cols / 2.0 * mm_per_px, 0, mm_per_px, -board.rows / 2.0 * mm_per_px, 0, 0, 1);
    cv::Matx33d r;
    cv::Rodrigues(rvec, r);
    const cv::Matx33d rt(r(0, 0), r(0, 1), tvec[0], r(1, 0), r(1, 1), tvec[1], r(2, 0), r(2, 1), tvec[2]);
    const cv::Matx33d h = cam.matrix * rt * to_mm;  // board px -> ideal frame px
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

// Nine poses a technician would show: straight on, tilted 30 degrees each way,
// turned, and off-centre towards the corners, 420-520 mm from the camera.
inline std::vector<std::pair<cv::Vec3d, cv::Vec3d>> CalibrationPoses() {
    const double d = 30 * CV_PI / 180;
    return {{{0, 0, 0}, {0, 0, 420}},
            {{d, 0, 0}, {-40, 20, 430}},
            {{-d, 0, 0}, {40, -20, 430}},
            {{0, d, 0}, {-30, -10, 450}},
            {{0, -d, 0}, {30, 10, 450}},
            {{d * 0.7, d * 0.7, 0.3}, {-60, 30, 480}},
            {{-d * 0.7, d * 0.7, -0.3}, {60, -30, 480}},
            {{0.2, -0.3, 0.5}, {-80, 60, 520}},
            {{-0.3, -0.2, -0.4}, {90, -50, 520}}};
}

}  // namespace docintake::testcard
