// The readers and writers of each format, behind interop.hpp's import_files and export_scenario (interop.cpp).
#pragma once

#include "interop/draft.hpp"

#include <string>
#include <vector>

namespace negsim::interop {

// GENIUS XML (genius.cpp): one domain file and one utility space per party.
[[nodiscard]] Draft read_genius(const std::vector<std::string>& files, const ImportOptions& options);
[[nodiscard]] Exported write_genius(const Scenario& s, const std::string& file);

// GeniusWeb JSON (geniusweb.cpp): LinearAdditiveUtilitySpace profiles and, optionally, their domain.
[[nodiscard]] Draft read_geniusweb(const std::vector<std::string>& files, const ImportOptions& options);
[[nodiscard]] Exported write_geniusweb(const Scenario& s, const std::string& file);

// Spatial formats (spatial.cpp, spatial_export.cpp): actors with a capability, a position and a salience per dimension.
[[nodiscard]] Draft read_ktab_csv(const std::string& file);
[[nodiscard]] Draft read_ktab_xml(const std::string& file);
[[nodiscard]] Draft read_eu_csv(const std::string& file, const ImportOptions& options);
[[nodiscard]] Draft read_decide(const std::string& file);
[[nodiscard]] Exported write_spatial(const std::string& format, const Scenario& s, const std::string& file);

}  // namespace negsim::interop
