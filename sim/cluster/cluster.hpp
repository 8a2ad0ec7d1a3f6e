// This process's place in a job of cooperating negsim processes (an MPI job under mpirun or srun), and the byte
// messages they exchange. A process that no MPI launcher started, or a build without MPI (CMake option NEGSIM_MPI
// off), is a job of one: rank 0 of size 1, and MPI is never initialised. Construct one Cluster in main and pass it
// down; it joins the job in its constructor and leaves it in its destructor.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace negsim {

// A message received from another rank.
struct Message {
    int source = 0;
    std::string bytes;
};

class Cluster {
public:
    // Joins the MPI job if this process was started by an MPI launcher (launched_by_mpi()) and the build has MPI;
    // otherwise a job of one. Throws std::runtime_error if MPI fails to start.
    Cluster();
    ~Cluster();
    Cluster(const Cluster&) = delete;
    Cluster& operator=(const Cluster&) = delete;

    [[nodiscard]] int rank() const { return rank_; }
    [[nodiscard]] int size() const { return size_; }
    [[nodiscard]] bool root() const { return rank_ == 0; }

    // Tags: 0 to kMaxTag. Messages from one rank with one tag arrive in the order sent. Every call throws
    // std::runtime_error if MPI reports an error, std::invalid_argument for a bad rank or tag (to must be another
    // rank: a job of one has nobody to send to).
    static constexpr int kMaxTag = 32767;  // the least upper bound MPI guarantees for tags (MPI_TAG_UB)
    // Blocks until the bytes may be reused (for a large message, possibly until the receiver takes it).
    void send(int to, int tag, std::string_view bytes);
    // The next message with this tag from any rank; blocks until one comes (in a job of one: std::logic_error, since
    // none can come).
    [[nodiscard]] Message receive(int tag);
    // The next message with this tag if one has arrived, without waiting.
    [[nodiscard]] std::optional<Message> poll(int tag);
    // Returns once every rank has called it.
    void barrier();
    // Every rank calls it; rank 0's bytes are returned on every rank (the others' arguments are ignored). For small
    // strings (at most 2^31 - 1 bytes).
    [[nodiscard]] std::string broadcast(std::string_view bytes);
    // Ends the whole job at once, after printing the message on stderr: for a failure on one rank that the others
    // cannot know of (they would wait for it forever). In a job of one: the process ends with `code`.
    [[noreturn]] void abort(int code, std::string_view message) noexcept;

    // Whether an MPI launcher started this process (Open MPI's mpirun, PMIx or PMI launchers such as srun).
    [[nodiscard]] static bool launched_by_mpi();

private:
    void check_peer(int to) const;

    bool joined_ = false;  // MPI initialised by this Cluster (finalised by the destructor)
    int rank_ = 0;
    int size_ = 1;
};

}  // namespace negsim
