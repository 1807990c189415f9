#pragma once
// Bucket grid over points for neighbour queries (component counts are in the
// thousands; a grid keeps the neighbour search linear).

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/core.hpp>

namespace docintake::vision {

class SpatialGrid {
public:
    SpatialGrid(cv::Size area, int cell)
        : cell_(cell), cols_(area.width / cell + 1), rows_(area.height / cell + 1),
          cells_(static_cast<size_t>(cols_ * rows_)) {}

    void Insert(cv::Point2d p, int id) { cells_[Index(CellX(p.x), CellY(p.y))].push_back(id); }

    template <typename F>
    void ForEachNear(cv::Point2d p, double radius, F&& f) const {
        const int x0 = CellX(p.x - radius), x1 = CellX(p.x + radius);
        const int y0 = CellY(p.y - radius), y1 = CellY(p.y + radius);
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x)
                for (int id : cells_[Index(x, y)]) f(id);
    }

private:
    int CellX(double x) const { return std::clamp(static_cast<int>(std::floor(x / cell_)), 0, cols_ - 1); }
    int CellY(double y) const { return std::clamp(static_cast<int>(std::floor(y / cell_)), 0, rows_ - 1); }
    size_t Index(int x, int y) const { return static_cast<size_t>(y * cols_ + x); }

    int cell_, cols_, rows_;
    std::vector<std::vector<int>> cells_;
};

}  // namespace docintake::vision
