// The one reader of delimited text for the CSV importers (csv_table.hpp).
#include "interop/csv_table.hpp"

#include "input/scenario_loader.hpp"
#include "model/text.hpp"
#include "model/utf8.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>

namespace negsim::interop {

namespace {

constexpr const char* kUtf8Bom = "\xEF\xBB\xBF";

bool line_end(char c) { return c == '\n' || c == '\r'; }

// The fields of the line starting at `i`, which is moved to the next line's start.
std::vector<std::string> split_line(const std::string& path, const std::string& text, std::size_t& i, std::size_t line, char delimiter) {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    while (i < text.size() && !line_end(text[i])) {
        const char c = text[i];
        if (c == delimiter) {
            fields.push_back(quoted ? field : trimmed(field));
            field.clear();
            quoted = false;
            ++i;
            continue;
        }
        if ((c == '"' || c == '\'') && trimmed(field).empty() && !quoted) {
            const char quote = c;
            field.clear();
            ++i;
            while (true) {
                if (i >= text.size() || line_end(text[i])) throw InputError(path + ":" + std::to_string(line), "", "a quoted field is not closed before the end of the line");
                if (text[i] == quote && i + 1 < text.size() && text[i + 1] == quote) { field += quote; i += 2; continue; }
                if (text[i] == quote) { ++i; break; }
                field += text[i++];
            }
            quoted = true;
            continue;
        }
        if (!quoted || c != ' ') field += c;  // spaces after a closing quote are the field's padding
        ++i;
    }
    fields.push_back(quoted ? field : trimmed(field));
    // A line ends at \n, \r\n or \r (Windows, old Mac); an empty first line leaves i at 0, so nothing looks behind it.
    if (i < text.size() && text[i] == '\r') ++i;
    if (i < text.size() && text[i] == '\n') ++i;
    while (!fields.empty() && fields.back().empty()) fields.pop_back();
    return fields;
}

// The delimiter that splits the first line holding a field into the most fields; ',' on a tie or when none splits it.
char sniff(const std::string& path, const std::string& text) {
    std::size_t start = 0;
    while (start < text.size() && (line_end(text[start]) || text[start] == ' ')) ++start;
    char best = ',';
    std::size_t most = 0;
    for (const char candidate : {',', ';', '\t'}) {
        std::size_t i = start;
        try {
            const std::size_t n = split_line(path, text, i, 1, candidate).size();
            if (n > most) { most = n; best = candidate; }
        } catch (const InputError&) {
        }
    }
    return best;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return text;
}

}  // namespace

CsvTable parse_csv(const std::string& path, const std::string& text, char delimiter) {
    if (text.rfind("\xFF\xFE", 0) == 0 || text.rfind("\xFE\xFF", 0) == 0)
        throw InputError(path, "", "is UTF-16 text (it begins with a UTF-16 byte-order mark, as Excel's \"Unicode text\" writes it); save it as \"CSV UTF-8\"");
    const std::size_t begin = text.rfind(kUtf8Bom, 0) == 0 ? 3 : 0;  // Excel's "CSV UTF-8" begins with the mark
    const std::string body = text.substr(begin);
    CsvTable table;
    table.delimiter = delimiter != 0 ? delimiter : sniff(path, body);
    std::size_t line = 1, i = 0;
    while (i < body.size()) {
        CsvRow row{line, split_line(path, body, i, line, table.delimiter)};
        ++line;
        if (!row.fields.empty()) table.rows.push_back(std::move(row));
    }
    return table;
}

CsvTable read_csv(const std::string& path, char delimiter) { return parse_csv(path, read_file(path), delimiter); }

std::string looks_like(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string text(64 * 1024, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.rfind(kUtf8Bom, 0) == 0) text.erase(0, 3);
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "";
    if (text[first] == '<') {
        if (text.find("<Scenario") != std::string::npos) return "ktab-xml";
        if (text.find("<negotiation_template") != std::string::npos || text.find("<utility_space") != std::string::npos) return "genius";
        return "";
    }
    if (text[first] == '{') return text.find("LinearAdditiveUtilitySpace") != std::string::npos || text.find("issuesValues") != std::string::npos ? "geniusweb" : "";
    text = text.substr(0, text.find_first_of("\r\n", text.find_first_of("\r\n", first) + 1));  // the first two lines
    try {
        const CsvTable table = parse_csv(path, text, 0);
        if (table.rows.empty()) return "";
        const std::vector<std::string>& head = table.rows[0].fields;
        if (head[0].size() > 1 && head[0][0] == '#') return "decide";
        std::vector<std::string> names;
        for (const std::string& f : head) names.push_back(lower(f));
        if (names == std::vector<std::string>{"actor", "capability", "position", "salience"}) return "eu-csv";
        double x = 0.0;
        if (head.size() == 4 && parse_number(head[2], x) && parse_number(head[3], x) && table.rows.size() > 1 && lower(table.rows[1].fields[0]) == "actor") return "ktab-csv";
    } catch (const InputError&) {
    }
    return "";
}

void Place::fail(std::size_t column, const std::string& what, const std::string& message) const {
    throw InputError(path + ":" + std::to_string(row.line), "field " + std::to_string(column + 1) + " (" + what + ")", message);
}

void Place::columns(const std::vector<std::string>& expected) const {
    for (std::size_t c = 0; c < expected.size(); ++c)
        if (lower(row.fields[c]) != expected[c]) fail(c, "header", quote_text(row.fields[c]) + " is not the expected column " + quote_text(expected[c]));
}

double Place::number(std::size_t column, const std::string& what, double lo, double hi, const std::string& scale) const {
    if (column >= row.fields.size()) throw InputError(path + ":" + std::to_string(row.line), "", "missing field " + std::to_string(column + 1) + " (" + what + ")");
    double x = 0.0;
    const std::string& field = row.fields[column];
    if (!parse_number(field, x)) {
        std::string message = quote_text(field) + " is not a number; expected a decimal number";
        if (delimiter != ',' && field.find(',') != std::string::npos)
            message += " with a decimal point (the file is " + std::string(delimiter == ';' ? "';'" : "tab") +
                       "-separated, as spreadsheets write it where the decimal separator is a comma: set the decimal separator to '.' and save it again)";
        fail(column, what, message);
    }
    if (x < lo || x > hi)
        fail(column, what, format_number(x) + " is out of range; expected a value in [" + format_number(lo) + ", " + format_number(hi) + "]" + (scale.empty() ? "" : ", " + scale));
    return x;
}

std::size_t Place::count(std::size_t column, const std::string& what, std::size_t lo, std::size_t hi) const {
    const double x = number(column, what, static_cast<double>(lo), static_cast<double>(hi));
    if (x != std::floor(x)) fail(column, what, format_number(x) + " is not a whole number; expected a count");
    return static_cast<std::size_t>(x);
}

std::string Place::text(std::size_t column, const std::string& what) const {
    if (column >= row.fields.size() || row.fields[column].empty())
        throw InputError(path + ":" + std::to_string(row.line), "", "missing field " + std::to_string(column + 1) + " (" + what + ")");
    return optional_text(column, what);
}

std::string Place::optional_text(std::size_t column, const std::string& what) const {
    if (column >= row.fields.size()) return {};
    check(column, what, utf8_problem(row.fields[column]));
    return row.fields[column];
}

void Place::check(std::size_t column, const std::string& what, const std::string& problem) const {
    if (!problem.empty()) fail(column, what, problem);
}

std::string delimiter_note(const std::string& format, char delimiter) {
    return format + ": the file is " + std::string(delimiter == ';' ? "';'" : "tab") + "-separated; read as such";
}

}  // namespace negsim::interop
