// The sweep journal (journal.hpp): JSON Lines, appended with one write() and fdatasync() per line.
#include "sweep/journal.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace negsim {

namespace {

[[noreturn]] void fail_io(const std::string& what, const std::filesystem::path& path) {
    throw std::runtime_error(what + " " + path.string() + ": " + std::strerror(errno));
}

}  // namespace

nlohmann::ordered_json record_json(const PointRecord& record) {
    nlohmann::ordered_json outputs = nlohmann::ordered_json::array();
    for (const double v : record.outputs) outputs.push_back(std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json());
    return {{"point", record.point}, {"row", record.row}, {"agreed", record.agreed}, {"outputs", outputs}};
}

PointRecord record_from_json(const nlohmann::ordered_json& j) {
    if (!j.is_object() || !j.contains("point") || !j.contains("row") || !j.contains("agreed") || !j.contains("outputs"))
        throw std::runtime_error("not a sweep point record");
    PointRecord r;
    r.point = j.at("point").get<std::size_t>();
    r.row = j.at("row").get<std::string>();
    r.agreed = j.at("agreed").get<std::string>();
    for (const auto& v : j.at("outputs")) r.outputs.push_back(v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>());
    return r;
}

JournalContents read_journal(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail_io("cannot read", path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    JournalContents contents;
    std::size_t start = 0;
    bool first = true;
    // Only lines that end in a newline count: a line without one was cut off by a kill.
    for (std::size_t end = text.find('\n'); end != std::string::npos; start = end + 1, end = text.find('\n', start)) {
        nlohmann::ordered_json j;
        try {
            j = nlohmann::ordered_json::parse(text.begin() + static_cast<std::ptrdiff_t>(start), text.begin() + static_cast<std::ptrdiff_t>(end));
        } catch (const nlohmann::json::exception&) {
            throw std::runtime_error(path.string() + " is damaged: line " + std::to_string(contents.records.size() + 1) + " is not JSON");
        }
        if (first) {
            if (!j.is_object() || !j.contains("negsim_sweep_journal")) throw std::runtime_error(path.string() + " is not a sweep journal");
            contents.header = std::move(j);
            first = false;
        } else {
            try {
                contents.records.push_back(record_from_json(j));
            } catch (const std::exception& e) {
                throw std::runtime_error(path.string() + " is damaged: line " + std::to_string(contents.records.size() + 2) + ": " + e.what());
            }
        }
        contents.whole_bytes = end + 1;
    }
    return contents;  // no whole header line (killed while starting): header is null, nothing done
}

Journal::Journal(const std::filesystem::path& path, const nlohmann::ordered_json& header) : path_(path) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) fail_io("cannot write", path);
    write_line(header.dump());
}

Journal::Journal(const std::filesystem::path& path, std::uintmax_t keep_bytes) : path_(path) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) fail_io("cannot write", path);
    if (::ftruncate(fd_, static_cast<off_t>(keep_bytes)) != 0 || ::lseek(fd_, 0, SEEK_END) < 0) fail_io("cannot truncate", path);
}

Journal::~Journal() {
    if (fd_ >= 0) ::close(fd_);
}

void Journal::append(const PointRecord& record) { write_line(record_json(record).dump()); }

void Journal::write_line(const std::string& text) {
    const std::string line = text + '\n';
    std::size_t done = 0;
    while (done < line.size()) {
        const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail_io("cannot write", path_);
        done += static_cast<std::size_t>(n);
    }
    if (::fdatasync(fd_) != 0) fail_io("cannot sync", path_);
}

}  // namespace negsim
