#pragma once
// Where containers live on disk: <root>/<id>/container.json, replaced atomically
// (fsync, rename, fsync of the directory) on every change. A directory without
// container.json is a create that never finished: removed at open. Names are
// unique; lookups take a full ID, a name (with or without '/') or a unique ID
// prefix, as Docker's do.
//
// Two locks: `mutex_` guards the maps and is held only for memory work, so
// lookups (every API request naming a container, from the io threads too)
// never wait on a disk; `disk_mutex_` serialises the writes and removals of
// records (two fsyncs each, and on a busy disk tens of milliseconds), so the
// record on disk is always the last one committed. A writer takes
// `disk_mutex_` first, then `mutex_` briefly.
//
// Each record is held as an immutable snapshot (a commit replaces it whole):
// under `mutex_` a lookup only copies a pointer, and the copy of the record
// (its JSON configuration: dozens of allocations, each a possible wait on
// malloc's arena lock) is made after the lock is let go. Waiters polling a
// state (`docker wait`, woken on every change) read the snapshot itself.

#include "base/error.h"
#include "containers/container.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace berth::containers {

class ContainerStore {
public:
    static Result<std::unique_ptr<ContainerStore>> open(std::string root);

    std::string directory(const std::string& id) const { return root_ + "/" + id; }

    // Reserves the name (Conflict when taken, with Docker's message) and makes
    // the container's directory; commit() writes the record.
    Result<> reserve(const std::string& id, const std::string& name);
    void release(const std::string& id); // a create that failed: name and directory go
    Result<> commit(const Container& container);
    Result<> remove(const std::string& id);
    Result<> rename(const std::string& id, const std::string& new_name);

    // NotFound "No such container: <ref>"; an ambiguous prefix is not found either.
    Result<Container> find(const std::string& reference) const;
    Result<std::shared_ptr<const Container>> find_snapshot(const std::string& reference) const;
    std::optional<Container> get(const std::string& id) const;
    // The record as last committed, shared and never changed; null when there is none.
    std::shared_ptr<const Container> snapshot(const std::string& id) const;
    std::vector<Container> list() const;

private:
    explicit ContainerStore(std::string root) : root_(std::move(root)) {}
    std::optional<std::string> resolve_locked(const std::string& reference) const;

    std::string root_;
    mutable std::mutex mutex_;
    std::mutex disk_mutex_;
    std::map<std::string, std::shared_ptr<const Container>> containers_;
    std::map<std::string, std::string> names_; // name -> id, reserved ones included
};

} // namespace berth::containers
