// The journal of a sweep: one line per finished point, appended whole and flushed to disk before the next point
// starts, so a sweep killed at any moment keeps every point it finished and `--resume` completes it without
// recomputing them (docs/sweeps.md, "Resuming"). The first line is the sweep's definition; a resumed sweep (or a merge)
// must have the same one. A last line cut off by the kill is dropped, and the file truncated back to its last whole
// line before new lines are appended.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace negsim {

// What one sweep point produced: everything the final files are made of, so that they depend only on the records.
struct PointRecord {
    std::size_t point = 0;
    std::string row;              // the sweep.csv figures of the point (the summary.csv figures), without the point's values
    std::string agreed;           // agreement per sample (bit i of byte i / 8), lower-case hex: for the paired differences
    std::vector<double> outputs;  // agreement probability, then each issue's median agreed value (NaN: no deal)
};

[[nodiscard]] nlohmann::ordered_json record_json(const PointRecord& record);
// Throws std::runtime_error when `j` is not a record.
[[nodiscard]] PointRecord record_from_json(const nlohmann::ordered_json& j);

// A journal's contents: its header (the definition) and its records in file order.
struct JournalContents {
    nlohmann::ordered_json header;
    std::vector<PointRecord> records;
    std::uintmax_t whole_bytes = 0;  // bytes up to the end of the last whole line
};

// Reads a journal; a file without a whole first line gives a null header and no records. Throws std::runtime_error
// if the file cannot be read, its header is not a sweep journal's or a whole line is not a record.
[[nodiscard]] JournalContents read_journal(const std::filesystem::path& path);

class Journal {
public:
    // Starts a new journal at `path` (replacing any file there) with `header` as its first line, or, when
    // `keep_bytes` is given, continues an existing one after truncating it to that many bytes.
    Journal(const std::filesystem::path& path, const nlohmann::ordered_json& header);
    Journal(const std::filesystem::path& path, std::uintmax_t keep_bytes);
    ~Journal();
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;

    // Appends one record as one line, written with one call and synced to disk. Throws std::runtime_error.
    void append(const PointRecord& record);

    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    void write_line(const std::string& line);

    std::filesystem::path path_;
    int fd_ = -1;
};

}  // namespace negsim
