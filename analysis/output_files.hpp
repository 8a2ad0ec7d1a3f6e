// A set of result files, none of them ever half-written: each is written under a temporary name in the output folder
// and renamed into place by commit(), once all are complete; if the set is destroyed before commit() (an error),
// the temporary files are removed and no earlier result is touched. (A process killed during commit's renames can
// leave some files new and some old; a kill before it leaves a hidden temporary file.)
#pragma once

#include <filesystem>
#include <fstream>
#include <list>
#include <vector>
#include <string>

namespace negsim {

class OutputFiles {
public:
    explicit OutputFiles(std::filesystem::path directory);
    ~OutputFiles();
    OutputFiles(const OutputFiles&) = delete;
    OutputFiles& operator=(const OutputFiles&) = delete;

    // Opens `name` (inside the directory) for writing under its temporary name. The stream lives as long as the set.
    std::ofstream& open(const std::string& name);

    // Marks a file of an earlier run that this run does not write (it would be mistaken for this run's) for removal
    // at commit.
    void remove_stale(const std::string& name) { stale_.push_back(directory_ / name); }

    // Closes every file and renames them all into place. Throws std::runtime_error on an I/O failure.
    void commit();

    [[nodiscard]] const std::filesystem::path& directory() const { return directory_; }

private:
    struct File {
        std::filesystem::path final_path;
        std::filesystem::path temporary_path;
        std::ofstream stream;
    };
    std::filesystem::path directory_;
    std::list<File> files_;
    std::vector<std::filesystem::path> stale_;  // a list: open() hands out references that must stay valid
    bool committed_ = false;
};

}  // namespace negsim
