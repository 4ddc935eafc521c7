//===- ViewData.h - View structs as Mustache data, and their shape -*- C++
//-*-===//
//
// Turns the view model's structs (Generate/ViewModel.h) into kainjow's
// Mustache data, and describes which names each struct offers (its Shape),
// both from the same forEachField() lists. Templates are checked against
// the shape before anything is rendered, so a name a template uses but the
// view lacks is reported with its line even when the section using it is
// empty for this schema.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_GENERATE_VIEWDATA_H
#define TELEGEN_GENERATE_VIEWDATA_H

#include "Generate/ViewModel.h"

#include <kainjow/mustache.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace telegen {
namespace generate {

using MustacheData = kainjow::mustache::data;

/// What a template finds under a name.
struct Shape {
  enum KindType { Value, Flag, List, Object };
  KindType Kind = Value;
  /// Lists: every element's shape.
  std::shared_ptr<const Shape> Element;
  /// Objects: their fields.
  std::map<std::string, Shape> Fields;
};

inline MustacheData toData(const std::string &Value) {
  return MustacheData(Value);
}
inline MustacheData toData(uint64_t Value) {
  return MustacheData(std::to_string(Value));
}
inline MustacheData toData(bool Flag) { return MustacheData(Flag); }
template <typename T> MustacheData toData(const std::vector<T> &List);

/// A view struct: an object of its fields.
template <typename T> MustacheData toData(const T &View) {
  MustacheData Object(MustacheData::type::object);
  forEachField(View, [&](const char *Name, const auto &Value) {
    Object.set(Name, toData(Value));
  });
  return Object;
}

template <typename T> MustacheData toData(const std::vector<T> &List) {
  MustacheData Items(MustacheData::type::list);
  for (const T &Item : List)
    Items.push_back(toData(Item));
  return Items;
}

inline Shape shapeOf(const std::string &) { return Shape(); }
inline Shape shapeOf(uint64_t) { return Shape(); }
inline Shape shapeOf(bool) { return Shape{Shape::Flag, nullptr, {}}; }
template <typename T> Shape shapeOf(const std::vector<T> &);

template <typename T> Shape shapeOf(const T &View) {
  Shape Object{Shape::Object, nullptr, {}};
  forEachField(View, [&](const char *Name, const auto &Value) {
    Object.Fields[Name] = shapeOf(Value);
  });
  return Object;
}

template <typename T> Shape shapeOf(const std::vector<T> &) {
  return Shape{Shape::List, std::make_shared<const Shape>(shapeOf(T())), {}};
}

} // namespace generate
} // namespace telegen

#endif
