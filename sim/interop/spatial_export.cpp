// The spatial formats out (docs/interop.md): the inverse of spatial.cpp's convention. A scenario fits when every issue
// is continuous and every value linear in the distance from the agent's ideal; then per agent and issue the salience
// is s_k = 100 * salience * w_k and the position is the ideal (KTAB and Scholz et al.: rescaled onto 0-100; decide
// keeps the issue's scale as its #M points), the capability is the power.
#include "interop/formats.hpp"

#include "interop/xml_file.hpp"
#include "model/text.hpp"

#include <string>

namespace negsim::interop {

namespace {

constexpr double kScale = 100.0;

struct Actor {
    std::string id, name;
    double power = 1.0;
    std::vector<double> position, salience;
};

std::vector<Actor> actors(const std::string& format, const Scenario& s, const std::string& file, bool rescale, double power_limit) {
    std::vector<Actor> out;
    for (std::size_t k = 0; k < s.issues.size(); ++k)
        if (s.issues[k].discrete)
            throw InputError(file, "/issues/" + std::to_string(k), "issue " + quote_text(s.issues[k].id) + " is discrete; the " + format + " format holds positions on a continuous scale only");
    for (std::size_t i = 0; i < s.agents.size(); ++i) {
        const Agent& a = s.agents[i];
        Actor actor{a.id, a.name, a.power, {}, {}};
        if (a.power > power_limit)
            throw InputError(file, "/agents/" + std::to_string(i) + "/power", format_number(a.power) + " is above " + format_number(power_limit) + ", the largest power the " + format + " format holds");
        for (std::size_t k = 0; k < s.issues.size(); ++k) {
            const Issue& issue = s.issues[k];
            if (a.values[k].shape != Shape::linear)
                throw InputError(file, "/agents/" + std::to_string(i) + "/values/" + issue.id,
                                 "a value other than \"linear\"; the " + format + " format's utility is linear in the distance from the actor's position");
            actor.position.push_back(rescale ? kScale * (a.ideal[k] - issue.min) / issue.span() : a.ideal[k]);
            const double salience = kScale * a.salience * a.weights[k];
            if (salience > kScale)
                throw InputError(file, "/agents/" + std::to_string(i) + "/salience", "salience x weight of issue " + quote_text(issue.id) + " is " + format_number(salience / kScale) +
                                                                                        "; the " + format + " format holds saliences up to 100 (1 in negsim's units)");
            actor.salience.push_back(salience);
        }
        out.push_back(actor);
    }
    return out;
}

// decide's quoting: '...' with a quote inside doubled.
std::string quoted(const std::string& text) {
    std::string out("'");
    for (char c : text) out.append(c == '\'' ? 2 : 1, c);
    return out.append("'");
}

}  // namespace

Exported write_spatial(const std::string& format, const Scenario& s, const std::string& file) {
    refuse_links(s, file, format);
    Exported out;
    if (format == "eu-csv" && s.issues.size() != 1)
        throw InputError(file, "/issues", "has " + std::to_string(s.issues.size()) + " issues; the expected-utility CSV holds one");
    const bool rescale = format != "decide";
    const auto list = actors(format, s, file, rescale, format == "decide" ? kScale : 1e6);
    std::string text;
    if (format == "ktab-csv") {
        text = csv_field(s.name) + "," + csv_field(s.description) + "," + std::to_string(list.size()) + "," + std::to_string(s.issues.size()) + ",\nActor,Description,Power,";
        // KTAB's reader names each dimension after its position column's header.
        for (std::size_t k = 0; k < s.issues.size(); ++k) text += csv_field(s.issues[k].label.empty() ? s.issues[k].id : s.issues[k].label) + ",Sal" + std::to_string(k + 1) + ",";
        text += "\n";
        for (const Actor& a : list) {
            text += csv_field(a.id) + "," + csv_field(a.name) + "," + format_number(a.power) + ",";
            for (std::size_t k = 0; k < a.position.size(); ++k) text += format_number(a.position[k]) + "," + format_number(a.salience[k]) + ",";
            text += "\n";
        }
        out.files.emplace_back(s.name + ".csv", text);
    } else if (format == "ktab-xml") {
        text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Scenario>\n  <name>" + xml_escape(s.name) + "</name>\n  <desc>" + xml_escape(s.description) + "</desc>\n  <prngSeed>" +
               std::to_string(s.monte_carlo.seed) + "</prngSeed>\n  <Dimensions>\n";
        for (const Issue& issue : s.issues) text += "    <dName>" + xml_escape(issue.id) + "</dName>\n";
        text += "  </Dimensions>\n  <Actors>\n";
        for (const Actor& a : list) {
            text += "    <Actor>\n      <name>" + xml_escape(a.id) + "</name>\n      <description>" + xml_escape(a.name) + "</description>\n      <capability>" + format_number(a.power) +
                    "</capability>\n      <Position>\n";
            for (double x : a.position) text += "        <dCoord>" + format_number(x) + "</dCoord>\n";
            text += "      </Position>\n      <Salience>\n";
            for (double x : a.salience) text += "        <dSal>" + format_number(x) + "</dSal>\n";
            text += "      </Salience>\n    </Actor>\n";
        }
        text += "  </Actors>\n</Scenario>\n";
        out.files.emplace_back(s.name + ".xml", text);
        out.notes.push_back("ktab-xml: no <ModelParameters> written: KTAB's SMP uses its defaults; the seed is negsim's monte_carlo.seed");
    } else if (format == "eu-csv") {
        text = "Actor,Capability,Position,Salience\n";
        for (const Actor& a : list) text += csv_field(a.id) + "," + format_number(a.power) + "," + format_number(a.position[0]) + "," + format_number(a.salience[0]) + "\n";
        out.files.emplace_back(s.name + ".csv", text);
    } else {
        for (const Actor& a : list) text += "'#A'\t" + quoted(a.id) + "\t" + quoted(a.name) + "\t''\n";
        for (const Issue& issue : s.issues)
            text += "'#P'\t" + quoted(issue.id) + "\t" + quoted(issue.label) + "\n'#M'\t" + quoted(issue.id) + "\t" + format_number(issue.min) + "\n'#M'\t" + quoted(issue.id) + "\t" +
                    format_number(issue.max) + "\n";
        for (const Actor& a : list)
            for (std::size_t k = 0; k < s.issues.size(); ++k)
                text += "'#D'\t" + quoted(a.id) + "\t" + quoted(s.issues[k].id) + "\t" + format_number(a.position[k]) + "\t" + format_number(a.salience[k]) + "\t" + format_number(a.power) + "\n";
        out.files.emplace_back(s.name + ".csv", text);
    }
    if (rescale) out.notes.push_back(format + ": positions were rescaled from each issue's range onto 0-100 (the ranges and units are dropped)");
    if (format == "eu-csv") out.notes.push_back("eu-csv: import it back with --scale 0:100 (without it, the range of the actors' positions is the scale)");
    note_dropped(s, out.notes, true, true, false);
    bool discounted = false;
    for (const Agent& a : s.agents) discounted = discounted || a.discount != 1.0;
    if (discounted) out.notes.push_back("dropped: the discount factors");
    return out;
}

}  // namespace negsim::interop
