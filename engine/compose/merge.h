#pragma once
// Merging `-f base.yaml -f override.yaml` as compose-go's override package does
// (golden cases: ../shared/corpora/compose-go/merge-cases/). The general rule:
// mappings merge key by key (an `x-` key is replaced whole), sequences append,
// scalars are replaced. Special paths (the table in merge.cpp) differ: key=value
// lists (environment, labels, sysctls...) become "k=v" sequences, command and
// entrypoint are replaced, networks/depends_on/build short forms become mappings
// first, logging merges only for the same driver. After merging, the unicity rules
// (unicity.h) drop duplicate entries. Both inputs are left untouched.

#include "base/error.h"

#include <yaml-cpp/yaml.h>

namespace berth::compose {

Result<YAML::Node> merge_compose_files(const YAML::Node& base, const YAML::Node& override_file);

} // namespace berth::compose
