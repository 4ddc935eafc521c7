//===- CarrierPlanner.cpp - The message member carrying the context -------===//
#include "Instrument/CarrierPlanner.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"

using namespace clang;

namespace telegen {
namespace {

/// The specialization of a class template of namespace std that T is, with
/// the template's name, or nullptr.
const ClassTemplateSpecializationDecl *stdSpecialization(QualType T,
                                                         llvm::StringRef Name) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec || !Spec->isInStdNamespace() || Spec->getName() != Name)
    return nullptr;
  return Spec;
}

bool isCharTemplate(QualType T, llvm::StringRef Name) {
  const ClassTemplateSpecializationDecl *Spec = stdSpecialization(T, Name);
  if (!Spec || Spec->getTemplateArgs().size() == 0)
    return false;
  const TemplateArgument &Char = Spec->getTemplateArgs()[0];
  if (Char.getKind() != TemplateArgument::Type)
    return false;
  QualType C = Char.getAsType();
  return C->isSpecificBuiltinType(BuiltinType::Char_S) ||
         C->isSpecificBuiltinType(BuiltinType::Char_U);
}

bool isStdString(QualType T) { return isCharTemplate(T, "basic_string"); }

/// std::map or std::unordered_map from std::string to std::string.
bool isStringMap(QualType T) {
  for (llvm::StringRef Name : {"map", "unordered_map"}) {
    const ClassTemplateSpecializationDecl *Spec = stdSpecialization(T, Name);
    if (!Spec)
      continue;
    const TemplateArgumentList &Args = Spec->getTemplateArgs();
    return Args.size() >= 2 && Args[0].getKind() == TemplateArgument::Type &&
           Args[1].getKind() == TemplateArgument::Type &&
           isStdString(Args[0].getAsType()) && isStdString(Args[1].getAsType());
  }
  return false;
}

} // namespace

std::optional<MessageCarrier> planCarrier(const ResolvedPath &Path,
                                          SpanKind Kind,
                                          const ASTContext &Context,
                                          Reporter &Diags, SourceLocation Loc) {
  MessageCarrier Carrier;
  Carrier.Expression = Path.Expression;
  Carrier.CppType = Path.Type.getAsString(Context.getPrintingPolicy());
  bool Producer = Kind == SpanKind::Producer;
  if (Producer && (Path.Const || Path.Temporary)) {
    Diags.error(Loc, "the producer writes the trace context into '" +
                         Path.Expression + "', but it is " +
                         (Path.Temporary ? "a temporary" : "const") +
                         " (type '" + Carrier.CppType +
                         "'); name a member the function can assign, e.g. "
                         "of a message it takes by value or non-const "
                         "reference");
    return std::nullopt;
  }
  if (Path.Dependent || Path.Type->isDependentType()) {
    Carrier.Dependent = true;
    return Carrier;
  }
  QualType Type = Path.Type.getNonReferenceType().getCanonicalType();
  if (isStdString(Type) ||
      (!Producer && isCharTemplate(Type, "basic_string_view")))
    return Carrier;
  if (isStringMap(Type)) {
    Carrier.Form = CarrierForm::Map;
    return Carrier;
  }
  Diags.error(Loc, "'" + Path.Expression + "' of type '" + Carrier.CppType +
                       "' cannot carry the trace context; name a std::string "
                       "member (the context in one field, as "
                       "telegen::inject_field writes it)" +
                       (Producer ? "" : ", a std::string_view") +
                       " or a std::map / std::unordered_map<std::string, "
                       "std::string> (one entry per header)");
  return std::nullopt;
}

} // namespace telegen
