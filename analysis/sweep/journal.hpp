// The journal of a sweep: one line per finished point, appended whole and flushed to disk before the next point
// starts, so a sweep killed at any moment keeps every point it finished and `--resume` completes it without
// recomputing them (docs/sweeps.md, "Resuming" and "The journal"). The first line is the sweep's definition; a resumed
// sweep (or a merge) must have the same one. Every line carries the SHA-256 of its own content, and every record is
// checked against the sweep before it is used: a journal is hours of computing, and a damaged one must be refused,
// not merged into results. A last line cut off by a kill (no final newline) is dropped, and the file truncated back to
// its last whole line before new lines are appended.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace negsim {

// The journal format this negsim writes and reads ("negsim_sweep_journal" in the header). Format 1 had no checksums.
inline constexpr int kJournalFormat = 2;

// What one sweep point produced: everything the final files are made of, so that they depend only on the records.
struct PointRecord {
    std::size_t point = 0;
    std::string row;              // the sweep.csv figures of the point (the summary.csv figures), without the point's values
    std::string agreed;           // agreement per sample (bit i of byte i / 8), lower-case hex: for the paired differences
    std::vector<double> outputs;  // agreement probability, then each issue's median agreed value (NaN: no deal)
};

// A record as one line (no newline): {"point", "row", "agreed", "outputs", "sha256"}, the last the SHA-256 (lower-case
// hex) of the line's compact JSON without it.
[[nodiscard]] std::string record_line(const PointRecord& record);
// The record of such a line. Throws std::runtime_error saying what is wrong: not JSON, a key missing, unknown or of
// the wrong type, or a checksum that does not match.
[[nodiscard]] PointRecord record_from_line(std::string_view line);

// A journal's first line: the format, the sweep's definition, the shard [i, n] and the scenario file's text, sealed
// with its SHA-256 like a record.
[[nodiscard]] nlohmann::ordered_json journal_header(const nlohmann::ordered_json& definition, const std::string& scenario_text,
                                                    std::size_t shard, std::size_t shards);

// A journal's contents: its header (the definition) and its records in file order.
struct JournalContents {
    nlohmann::ordered_json header;
    std::vector<PointRecord> records;
    std::vector<std::size_t> lines;  // each record's line in the file (1-based; the header is line 1)
    std::uintmax_t whole_bytes = 0;  // bytes up to the end of the last whole line
};

// Reads a journal; a file without a whole first line gives a null header and no records. Throws std::runtime_error
// if the file cannot be read, and InputError at "PATH:LINE" if the header is not a sweep journal of this format or a
// whole line is not a record (record_from_line).
[[nodiscard]] JournalContents read_journal(const std::filesystem::path& path);

// What every record of a journal must agree with, from the sweep it belongs to.
struct RecordShape {
    std::size_t points = 0;             // the sweep's points are 0 .. points - 1
    std::size_t shard = 0, shards = 1;  // the journal's: its points p have p mod shards == shard
    std::uint64_t samples = 0;          // agreed holds this many bits (2 hex digits a byte), the rest of its last byte 0
    std::size_t outputs = 0;
    std::size_t row_fields = 0;         // CSV fields of the row (no control characters)
};

// Checks each record of `contents` against `shape`, and that no point has two records. Throws InputError at
// "PATH:LINE".
void check_records(const std::filesystem::path& path, const JournalContents& contents, const RecordShape& shape);

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
