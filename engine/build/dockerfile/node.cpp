#include "build/dockerfile/node.h"

namespace berth::dockerfile {

Instruction::Instruction(const Instruction& other)
    : keyword(other.keyword), flags(other.flags), args(other.args), json(other.json),
      sub_instruction(other.sub_instruction ? std::make_unique<Instruction>(*other.sub_instruction) : nullptr),
      heredocs(other.heredocs), original(other.original), comments(other.comments), range(other.range) {}

Instruction& Instruction::operator=(const Instruction& other) {
    if (this != &other) *this = Instruction(other);
    return *this;
}

} // namespace berth::dockerfile
