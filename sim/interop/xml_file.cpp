// Strict XML reading with places in messages (xml_file.hpp).
#include "interop/xml_file.hpp"

#include "input/scenario_loader.hpp"
#include "model/text.hpp"
#include "model/utf8.hpp"

#include <algorithm>
#include <cmath>

namespace negsim::interop {

namespace {

std::string line_of(const std::string& bytes, std::ptrdiff_t offset, bool with_column) {
    std::size_t line = 1, column = 1;
    const auto end = std::min<std::size_t>(offset < 0 ? 0 : static_cast<std::size_t>(offset), bytes.size());
    for (std::size_t i = 0; i < end; ++i) {
        if (bytes[i] == '\n') { ++line; column = 1; } else { ++column; }
    }
    std::string out = std::to_string(line);
    if (with_column) out.append(":").append(std::to_string(column));
    return out;
}

std::string element(pugi::xml_node node) {
    std::string out("<");
    return out.append(printable_text(node.name(), 60)).append(">");
}

}  // namespace

XmlFile::XmlFile(const std::string& path) : path_(path), bytes_(read_file(path)) {
    const pugi::xml_parse_result parsed = doc_.load_buffer(bytes_.data(), bytes_.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed) throw InputError(path_ + ":" + line_of(bytes_, parsed.offset, true), "", std::string("invalid XML: ") + parsed.description());
    if (!root()) throw InputError(path_, "", "has no root element; expected an XML document");
}

std::string XmlFile::at(pugi::xml_node node) const { return path_ + ":" + line_of(bytes_, node.offset_debug(), false); }

void XmlFile::fail(pugi::xml_node node, const std::string& what, const std::string& message) const {
    throw InputError(at(node), element(node) + (what.empty() ? std::string() : " " + what), message);
}

void XmlFile::only(pugi::xml_node node, const std::vector<std::string>& attributes, const std::vector<std::string>& children) const {
    for (const pugi::xml_attribute a : node.attributes()) {
        const std::string name = a.name();
        if (name.rfind("xmlns", 0) == 0 || name.rfind("xsi:", 0) == 0) continue;  // namespace declarations
        if (std::find(attributes.begin(), attributes.end(), name) == attributes.end())
            fail(node, "attribute " + printable_text(name, 60), "unknown attribute" + std::string(attributes.empty() ? "; this element has none" : "; expected one of " + [&] {
                std::string list;
                for (const auto& x : attributes) list += (list.empty() ? "" : ", ") + x;
                return list;
            }()));
    }
    for (const pugi::xml_node child : node.children()) {
        if (child.type() != pugi::node_element) continue;
        if (std::find(children.begin(), children.end(), child.name()) == children.end())
            fail(child, "", "unexpected element inside " + element(node) + (children.empty() ? std::string("; it has no elements") : "; expected " + [&] {
                std::string list;
                for (const auto& x : children) list += (list.empty() ? "<" : ", <") + x + ">";
                return list;
            }()));
    }
}

std::string XmlFile::text(pugi::xml_node node, const char* attribute) const {
    const pugi::xml_attribute a = node.attribute(attribute);
    if (a.empty()) fail(node, "", std::string("missing attribute ") + attribute);
    const std::string value = a.value();
    if (trimmed(value).empty()) fail(node, std::string("attribute ") + attribute, "is empty; expected a value");
    if (const std::string problem = utf8_problem(value); !problem.empty()) fail(node, std::string("attribute ") + attribute, problem);
    return value;
}

double XmlFile::number(pugi::xml_node node, const char* attribute) const {
    const std::string raw = attribute ? text(node, attribute) : content(node);
    double x = 0.0;
    if (!parse_number(trimmed(raw), x))
        fail(node, attribute ? std::string("attribute ") + attribute : std::string(), quote_text(raw) + " is not a number; expected a finite decimal number");
    return x;
}

long long XmlFile::integer(pugi::xml_node node, const char* attribute) const {
    const double x = number(node, attribute);
    if (x != std::floor(x) || std::abs(x) > 1e15)
        fail(node, std::string("attribute ") + attribute, format_number(x) + " is not an integer; expected a whole number");
    return static_cast<long long>(x);
}

std::string XmlFile::content(pugi::xml_node node) const {
    const std::string s = trimmed(optional_content(node));
    if (s.empty()) fail(node, "", "is empty; expected a value");
    return s;
}

std::string XmlFile::optional_content(pugi::xml_node node) const {
    std::string s = node.child_value();
    if (const std::string problem = utf8_problem(s); !problem.empty()) fail(node, "", problem);
    return s;
}

std::vector<pugi::xml_node> XmlFile::children(pugi::xml_node node, const char* name) {
    std::vector<pugi::xml_node> out;
    for (const pugi::xml_node child : node.children(name)) out.push_back(child);
    return out;
}

pugi::xml_node XmlFile::one(pugi::xml_node node, const char* name) const {
    const auto list = children(node, name);
    if (list.size() != 1) fail(node, "", (list.empty() ? "missing element <" : "more than one element <") + std::string(name) + ">; expected exactly one");
    return list[0];
}

std::string xml_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace negsim::interop
