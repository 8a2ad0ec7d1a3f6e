// Strict reading of the XML formats (GENIUS, KTAB) through pugixml: every error names the file, the line and the
// element or attribute, and says what was expected; attributes and elements a format does not have are errors.
#pragma once

#include "input/input_error.hpp"

#include <pugixml.hpp>

#include <string>
#include <vector>

namespace negsim::interop {

class XmlFile {
public:
    // Reads and parses `path`; a syntax error is reported at its line and column.
    explicit XmlFile(const std::string& path);
    XmlFile(const XmlFile&) = delete;
    XmlFile& operator=(const XmlFile&) = delete;

    [[nodiscard]] pugi::xml_node root() const { return doc_.document_element(); }
    [[nodiscard]] const std::string& path() const { return path_; }

    // "file:line" of a node, for messages.
    [[nodiscard]] std::string at(pugi::xml_node node) const;

    [[noreturn]] void fail(pugi::xml_node node, const std::string& what, const std::string& message) const;

    // Requires the node's attributes and child elements to be among the allowed ones (text and comments are ignored).
    void only(pugi::xml_node node, const std::vector<std::string>& attributes, const std::vector<std::string>& children) const;

    // An attribute's text, required: an error when missing, empty or not UTF-8.
    [[nodiscard]] std::string text(pugi::xml_node node, const char* attribute) const;
    [[nodiscard]] bool has(pugi::xml_node node, const char* attribute) const { return !node.attribute(attribute).empty(); }

    // A finite number in an attribute, or in the element's own text when attribute is nullptr.
    [[nodiscard]] double number(pugi::xml_node node, const char* attribute) const;
    [[nodiscard]] long long integer(pugi::xml_node node, const char* attribute) const;

    // The element's own text, trimmed: an error when empty or not UTF-8.
    [[nodiscard]] std::string content(pugi::xml_node node) const;

    // The element's own text as written, possibly empty: an error when not UTF-8 (descriptions).
    [[nodiscard]] std::string optional_content(pugi::xml_node node) const;

    // The child elements named `name`, in order.
    [[nodiscard]] static std::vector<pugi::xml_node> children(pugi::xml_node node, const char* name);

    // Exactly one child element named `name`.
    [[nodiscard]] pugi::xml_node one(pugi::xml_node node, const char* name) const;

private:
    std::string path_;
    std::string bytes_;
    pugi::xml_document doc_;
};

// Text for an XML attribute or element (&, <, >, " escaped).
[[nodiscard]] std::string xml_escape(const std::string& text);

}  // namespace negsim::interop
