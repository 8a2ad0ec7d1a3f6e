// The sweep journal (journal.hpp): JSON Lines, appended with one write() and fdatasync() per line, each line sealed
// with its SHA-256 and every record checked before a resume or a merge uses it.
#include "analysis/sweep/journal.hpp"

#include "analysis/sha256.hpp"
#include "input/input_error.hpp"
#include "model/text.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace negsim {

namespace {

using Json = nlohmann::ordered_json;

[[noreturn]] void fail_io(const std::string& what, const std::filesystem::path& path) {
    throw std::runtime_error(what + " " + path.string() + ": " + std::strerror(errno));
}

// The checksum of a line: the SHA-256 of its compact JSON without the "sha256" key, in the order written.
std::string checksum(Json j) {
    j.erase("sha256");
    return sha256_hex(j.dump());
}

Json sealed(Json j) {
    j["sha256"] = checksum(j);
    return j;
}

// `j` is an object with exactly `keys`, and its checksum matches; otherwise std::runtime_error saying which is wrong.
void require_sealed(const Json& j, std::initializer_list<const char*> keys) {
    if (!j.is_object()) throw std::runtime_error("not a JSON object");
    for (const char* key : keys)
        if (!j.contains(key)) throw std::runtime_error(std::string("missing \"") + key + "\"");
    for (const auto& item : j.items())
        if (std::find_if(keys.begin(), keys.end(), [&](const char* key) { return item.key() == key; }) == keys.end())
            throw std::runtime_error("unknown key " + quote_text(item.key()));
    if (!j.at("sha256").is_string() || j.at("sha256").get<std::string>() != checksum(j))
        throw std::runtime_error("its checksum (\"sha256\") does not match its contents: the line was changed after it was written");
}

Json parse_line(std::string_view line) {
    try {
        return Json::parse(line);
    } catch (const nlohmann::json::exception&) {
        throw std::runtime_error("not JSON (a line cut short, joined with another or edited)");
    }
}

PointRecord record_from_json(const Json& j) {
    require_sealed(j, {"point", "row", "agreed", "outputs", "sha256"});
    PointRecord r;
    if (!j.at("point").is_number_unsigned()) throw std::runtime_error("\"point\" is " + j.at("point").dump() + "; expected a whole number from 0");
    r.point = j.at("point").get<std::size_t>();
    if (!j.at("row").is_string() || !j.at("agreed").is_string()) throw std::runtime_error("\"row\" and \"agreed\" must be strings");
    r.row = j.at("row").get<std::string>();
    r.agreed = j.at("agreed").get<std::string>();
    if (!j.at("outputs").is_array()) throw std::runtime_error("\"outputs\" is not an array");
    for (const auto& v : j.at("outputs")) {
        if (!v.is_null() && !v.is_number()) throw std::runtime_error("\"outputs\" holds " + v.dump() + "; expected numbers or null");
        r.outputs.push_back(v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>());
    }
    return r;
}

void check_header(const Json& j) {
    if (!j.is_object() || !j.contains("negsim_sweep_journal")) throw std::runtime_error("not a sweep journal (no \"negsim_sweep_journal\" in its first line)");
    if (j.at("negsim_sweep_journal") != kJournalFormat)
        throw std::runtime_error("a journal of format " + j.at("negsim_sweep_journal").dump() + "; this negsim reads format " +
                                 std::to_string(kJournalFormat) + " only: complete that sweep with the negsim that started it, or start it again");
    require_sealed(j, {"negsim_sweep_journal", "definition", "shard", "scenario_text", "sha256"});
    const Json& shard = j.at("shard");
    if (!j.at("definition").is_object() || !j.at("scenario_text").is_string() || !shard.is_array() || shard.size() != 2 ||
        !shard[0].is_number_unsigned() || !shard[1].is_number_unsigned() || shard[0].get<std::size_t>() >= shard[1].get<std::size_t>())
        throw std::runtime_error("not a sweep journal's header (\"definition\", \"shard\" [i, n] with i < n, \"scenario_text\")");
}

// The number of fields of a CSV row: commas outside quotes, plus one.
std::size_t csv_field_count(std::string_view row) {
    std::size_t fields = 1;
    bool quoted = false;
    for (const char c : row) {
        if (c == '"') quoted = !quoted;
        else if (c == ',' && !quoted) ++fields;
    }
    return fields;
}

// What is wrong with one record of a sweep of this shape, or "".
std::string record_problem(const PointRecord& r, const RecordShape& shape) {
    const std::string point = "point " + std::to_string(r.point);
    if (r.point >= shape.points) return point + " is not a point of this sweep, whose points are 0 to " + std::to_string(shape.points - 1);
    if (r.point % shape.shards != shape.shard)
        return point + " is not in this journal's shard " + std::to_string(shape.shard) + " of " + std::to_string(shape.shards);
    if (r.outputs.size() != shape.outputs)
        return "\"outputs\" has " + std::to_string(r.outputs.size()) + " values; expected " + std::to_string(shape.outputs) +
               " (the agreement probability and each issue's median)";
    const std::uint64_t digits = 2 * ((shape.samples + 7) / 8);
    if (r.agreed.size() != digits)
        return "\"agreed\" has " + std::to_string(r.agreed.size()) + " hex digits; expected " + std::to_string(digits) + " (a bit for each of " +
               std::to_string(shape.samples) + " samples)";
    if (r.agreed.find_first_not_of("0123456789abcdef") != std::string::npos) return "\"agreed\" holds a character that is not a lower-case hex digit";
    if (const unsigned used = static_cast<unsigned>(shape.samples % 8); used != 0 && (std::stoul(r.agreed.substr(r.agreed.size() - 2), nullptr, 16) >> used) != 0)
        return "\"agreed\" has bits set beyond the sweep's " + std::to_string(shape.samples) + " samples";
    if (std::any_of(r.row.begin(), r.row.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
        return "\"row\" holds a control character (a line break?)";
    if (const std::size_t fields = csv_field_count(r.row); fields != shape.row_fields)
        return "\"row\" has " + std::to_string(fields) + " fields; expected " + std::to_string(shape.row_fields);
    return "";
}

}  // namespace

std::string record_line(const PointRecord& record) {
    Json outputs = Json::array();
    for (const double v : record.outputs) outputs.push_back(std::isfinite(v) ? Json(v) : Json());
    return sealed({{"point", record.point}, {"row", record.row}, {"agreed", record.agreed}, {"outputs", outputs}}).dump();
}

PointRecord record_from_line(std::string_view line) { return record_from_json(parse_line(line)); }

nlohmann::ordered_json journal_header(const nlohmann::ordered_json& definition, const std::string& scenario_text, std::size_t shard,
                                      std::size_t shards) {
    return sealed({{"negsim_sweep_journal", kJournalFormat}, {"definition", definition}, {"shard", {shard, shards}}, {"scenario_text", scenario_text}});
}

JournalContents read_journal(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail_io("cannot read", path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    JournalContents contents;
    std::size_t start = 0, line = 1;
    // Only lines that end in a newline count: a line without one was cut off by a kill.
    for (std::size_t end = text.find('\n'); end != std::string::npos; start = end + 1, end = text.find('\n', start), ++line) {
        const std::string_view content(text.data() + start, end - start);
        try {
            if (line == 1) {
                Json header = parse_line(content);
                check_header(header);
                contents.header = std::move(header);
            } else {
                contents.records.push_back(record_from_line(content));
                contents.lines.push_back(line);
            }
        } catch (const std::runtime_error& e) {
            throw InputError(path.string() + ":" + std::to_string(line), "", e.what());
        }
        contents.whole_bytes = end + 1;
    }
    return contents;  // no whole header line (killed while starting): header is null, nothing done
}

void check_records(const std::filesystem::path& path, const JournalContents& contents, const RecordShape& shape) {
    std::vector<std::size_t> line_of(shape.points, 0);  // the line of each point's record so far
    for (std::size_t k = 0; k < contents.records.size(); ++k) {
        const PointRecord& r = contents.records[k];
        std::string problem = record_problem(r, shape);
        if (problem.empty() && line_of[r.point] != 0)
            problem = "point " + std::to_string(r.point) + " again; its record is at line " + std::to_string(line_of[r.point]);
        if (!problem.empty()) throw InputError(path.string() + ":" + std::to_string(contents.lines[k]), "", problem);
        line_of[r.point] = contents.lines[k];
    }
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

void Journal::append(const PointRecord& record) { write_line(record_line(record)); }

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
