// All-or-nothing result files.
#include "analysis/output_files.hpp"

#include <stdexcept>
#include <system_error>
#include <unistd.h>

namespace negsim {

OutputFiles::OutputFiles(std::filesystem::path directory) : directory_(std::move(directory)) {
    std::error_code error;
    std::filesystem::create_directories(directory_, error);
    if (error) throw std::runtime_error("cannot create output folder " + directory_.string() + ": " + error.message());
}

OutputFiles::~OutputFiles() {
    if (committed_) return;
    for (File& f : files_) {
        f.stream.close();
        std::error_code ignored;
        std::filesystem::remove(f.temporary_path, ignored);
    }
}

std::ofstream& OutputFiles::open(const std::string& name) {
    File& f = files_.emplace_back();
    f.final_path = directory_ / name;
    f.temporary_path = directory_ / ("." + name + ".tmp-" + std::to_string(::getpid()));
    f.stream.open(f.temporary_path, std::ios::binary | std::ios::trunc);
    if (!f.stream) throw std::runtime_error("cannot write " + f.temporary_path.string());
    return f.stream;
}

void OutputFiles::commit() {
    for (File& f : files_) {
        f.stream.close();
        if (!f.stream) throw std::runtime_error("error while writing " + f.final_path.string());
    }
    for (File& f : files_) {
        std::error_code error;
        std::filesystem::rename(f.temporary_path, f.final_path, error);
        if (error) throw std::runtime_error("cannot move " + f.temporary_path.string() + " to " + f.final_path.string() + ": " + error.message());
    }
    for (const auto& path : stale_) {
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
    }
    committed_ = true;
}

}  // namespace negsim
