// The one reader of delimited text for the CSV importers (KTAB CSV, the expected-utility CSV, decide): the dialects
// spreadsheets write (a UTF-8 byte-order mark, Windows or old Mac line ends, quoted fields, ';' or tab separators),
// fields checked with the file, line and column in every message, and a guess at the format of a file given to the
// wrong importer.
#pragma once

#include "input/input_error.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace negsim::interop {

// One line of a delimited text file, its fields trimmed and unquoted ('...' or "...", a doubled quote inside one
// standing for itself); empty fields at the end of the line (KTAB and decide end lines with a delimiter) are dropped.
struct CsvRow {
    std::size_t line = 0;
    std::vector<std::string> fields;
};

struct CsvTable {
    std::vector<CsvRow> rows;  // the lines that hold a field
    char delimiter = ',';
};

// Reads the delimited file at `path`. A UTF-8 byte-order mark is skipped; UTF-16 is refused, naming it; lines end in
// \n, \r\n or \r. `delimiter` 0: the one of ',', ';' and tab that splits the first line into the most fields (a tie
// goes to ',').
[[nodiscard]] CsvTable read_csv(const std::string& path, char delimiter = 0);

// The same on `text` already read from `path` (named in messages).
[[nodiscard]] CsvTable parse_csv(const std::string& path, const std::string& text, char delimiter);

// The import format that the file at `path` looks like ("ktab-csv", "eu-csv", "decide", "ktab-xml", "genius",
// "geniusweb"), or "" when it looks like none: the hint given when a file fails in another format's importer.
[[nodiscard]] std::string looks_like(const std::string& path);

// A row's place in its file, for checked reads of its fields.
struct Place {
    const std::string& path;
    const CsvRow& row;
    char delimiter = ',';
    [[noreturn]] void fail(std::size_t column, const std::string& what, const std::string& message) const;
    // A header row: its first expected.size() fields are the expected column names (lower case), in any letter case.
    void columns(const std::vector<std::string>& expected) const;
    // A decimal number in [lo, hi]; `scale` names the range in the message ("the format's scale 0 to 100").
    [[nodiscard]] double number(std::size_t column, const std::string& what, double lo, double hi, const std::string& scale = "") const;
    // A count: a whole number in [lo, hi] ("2.5" actors is an error, not 2).
    [[nodiscard]] std::size_t count(std::size_t column, const std::string& what, std::size_t lo, std::size_t hi) const;
    // A name or a description: required (an error when missing or empty) or optional ("" when missing); UTF-8.
    [[nodiscard]] std::string text(std::size_t column, const std::string& what) const;
    [[nodiscard]] std::string optional_text(std::size_t column, const std::string& what) const;
    // Refuses the field with `problem` unless it is "" (Roster::add, utf8_problem).
    void check(std::size_t column, const std::string& what, const std::string& problem) const;
};

// The note an importer prints for a file not separated by ',' ("ktab-csv: the file is ';'-separated ...").
[[nodiscard]] std::string delimiter_note(const std::string& format, char delimiter);

}  // namespace negsim::interop
