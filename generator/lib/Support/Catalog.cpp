//===- Catalog.cpp - How a command declares the findings it reports -------===//
#include "Support/Catalog.h"

namespace telegen {

std::vector<const CheckInfo *>
joinCatalogs(std::initializer_list<llvm::ArrayRef<const CheckInfo *>> Lists) {
  std::vector<const CheckInfo *> All;
  for (llvm::ArrayRef<const CheckInfo *> List : Lists)
    All.insert(All.end(), List.begin(), List.end());
  return All;
}

} // namespace telegen
