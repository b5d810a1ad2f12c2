#include "cel/program.h"

#include "cel/plan.h"

namespace bulwark::cel {

std::size_t Environment::declare(std::string name) {
  int existing = slot_of(name);
  if (existing >= 0) return static_cast<std::size_t>(existing);
  variables_.push_back(std::move(name));
  return variables_.size() - 1;
}

int Environment::slot_of(std::string_view name) const {
  for (std::size_t i = 0; i < variables_.size(); ++i) {
    if (variables_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

Activation::Activation(const Environment& env) : env_(&env), slots_(env.variables().size()) {}

bool Activation::set(std::string_view name, Value v) {
  int slot = env_->slot_of(name);
  if (slot < 0) return false;
  auto& s = slots_[static_cast<std::size_t>(slot)];
  s.value = std::move(v);
  s.producer = nullptr;
  s.bound = true;
  return true;
}

bool Activation::set_lazy(std::string_view name, std::function<Value()> producer) {
  int slot = env_->slot_of(name);
  if (slot < 0) return false;
  auto& s = slots_[static_cast<std::size_t>(slot)];
  s.producer = std::move(producer);
  s.bound = true;
  return true;
}

const Value& Activation::get(std::size_t slot) const {
  static const Value kUnbound = Value::error("no such attribute: variable is not bound");
  if (slot >= slots_.size() || !slots_[slot].bound) return kUnbound;
  const Slot& s = slots_[slot];
  if (s.producer) {
    // Memoised: the producer runs once, on first use.
    auto producer = std::move(s.producer);
    s.producer = nullptr;
    s.value = producer();
  }
  return s.value;
}

Value Program::evaluate(const Activation& activation) const {
  std::uint64_t cost = 0;
  return evaluate_plan(*plan_, activation, cost);
}

Value Program::evaluate(const Activation& activation, std::uint64_t& cost) const {
  return evaluate_plan(*plan_, activation, cost);
}

std::uint64_t Program::cost_estimate() const {
  return plan_->cost_estimate;
}

}  // namespace bulwark::cel
