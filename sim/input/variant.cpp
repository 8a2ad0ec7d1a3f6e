// Scenario variants (variant.hpp): a base scenario's document with a JSON Patch applied, checked operation by operation
// so that a bad one is reported at its own pointer in the variant file.
#include "input/variant.hpp"

#include "input/json_reader.hpp"
#include "input/scenario_loader.hpp"

#include <filesystem>

namespace negsim {

namespace {

// nlohmann/json's messages start with "[json.exception.out_of_range.403] "; the reader wants only what follows.
std::string without_prefix(const std::string& message) {
    const std::size_t end = message.find("] ");
    return message.rfind("[json.exception.", 0) == 0 && end != std::string::npos ? message.substr(end + 2) : message;
}

// One operation of the patch, its shape checked before nlohmann/json applies it (RFC 6902, section 4).
void check_operation(const Node& op) {
    const std::string kind = op.object({"op", "path", "value", "from"}).required("op").one_of({"add", "remove", "replace", "move", "copy", "test"});
    const std::string path = op.required("path").string();
    if (!path.empty() && path.front() != '/') op.child("path").fail(quote_text(path) + " is not a JSON pointer; expected \"\" or a path starting with '/'");
    const bool takes_value = kind == "add" || kind == "replace" || kind == "test";
    const bool takes_from = kind == "move" || kind == "copy";
    if (takes_value) (void)op.required("value");
    else if (op.has("value")) op.child("value").fail("a " + quote_text(kind) + " operation takes no value");
    if (takes_from) (void)op.required("from").string();
    else if (op.has("from")) op.child("from").fail("a " + quote_text(kind) + " operation takes no \"from\"");
}

}  // namespace

ScenarioSource read_scenario_source(const std::string& path) {
    std::string text = read_file(path);
    // The strict reader (bounded depth, no repeated keys) also decides what the file is; a text it rejects is left to
    // the scenario reader, which reports the same error at the same place.
    json variant;
    try {
        variant = parse_json(text, path);
    } catch (const InputError&) {
        return {std::move(text), path};
    }
    if (!variant.is_object() || !variant.contains("variant_of")) return {std::move(text), path};
    const Node root(variant, "", path);
    root.object({"version", "variant_of", "name", "description", "sources", "patch"});
    if (root.has("version") && !(root.child("version").raw().is_number_unsigned() && root.child("version").raw() == 1))
        root.child("version").fail(show(root.child("version").raw()) + " is not a supported format version; expected the integer 1");
    const Node base_node = root.required("variant_of");
    const std::string base_name = base_node.string(false);
    const std::string base_path = (std::filesystem::path(path).parent_path() / base_name).lexically_normal().string();
    const std::string name = root.required("name").string(false);
    const std::string description = root.required("description").string(false);
    const std::vector<Node> operations = root.required("patch").array(1, "operations");
    for (const Node& op : operations) check_operation(op);
    if (root.has("sources")) (void)root.child("sources").array();

    std::string base_text;
    try {
        base_text = read_file(base_path);
    } catch (const InputError& error) {
        base_node.fail("the base scenario " + quote_text(base_path) + " cannot be read: " + error.message());
    }
    json document = parse_json(base_text, base_path);
    if (!document.is_object()) base_node.fail("the base scenario " + quote_text(base_path) + " is not a JSON object; expected a scenario");
    if (document.contains("variant_of"))
        base_node.fail("the base " + quote_text(base_path) + " is itself a variant; a variant names an ordinary scenario, so that one file holds what they share");

    for (const Node& op : operations) {
        if (op.raw().at("op") == "test") {
            // A test guards the place the next operations write to (an agent's index, say): say what is there instead.
            const json::json_pointer at(op.raw().at("path").get<std::string>());
            if (!document.contains(at)) op.child("path").fail("the test failed: the base, as patched so far, has no value here");
            if (document.at(at) != op.raw().at("value"))
                op.child("value").fail("the test failed: the base, as patched so far, has " + show(document.at(at)) + " at " +
                                       quote_text(op.raw().at("path").get<std::string>()) + ", not " + show(op.raw().at("value")));
            continue;
        }
        try {
            document = document.patch(json::array({op.raw()}));
        } catch (const json::exception& error) {
            op.fail("the operation cannot be applied to " + quote_text(base_path) + " as patched so far: " + without_prefix(error.what()));
        }
    }
    if (!document.is_object()) root.child("patch").fail("the patched document is not a JSON object; expected a scenario");
    document["name"] = name;
    document["description"] = description;
    if (root.has("sources")) {
        json sources = document.contains("sources") && document["sources"].is_array() ? document["sources"] : json::array();
        for (const json& s : root.child("sources").raw()) sources.push_back(s);
        document["sources"] = std::move(sources);
    }
    return {document.dump(2) + "\n", path + " (variant of " + base_path + ")"};
}

}  // namespace negsim
