//===- FunctionInstrumenter.cpp - Plan the span for one function ----------===//
#include "Instrument/FunctionInstrumenter.h"
#include "Instrument/CarrierPlanner.h"
#include "Instrument/CoroutinePlanner.h"
#include "Instrument/SourcePaths.h"
#include "Support/SensitiveNames.h"
#include "Support/Suggest.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTLambda.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/QualTypeNames.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;
using llvm::StringRef;

namespace telegen {
namespace {

/// The likely intended one of Candidates for a misspelled Name, or "".
std::string closest(StringRef Name, llvm::ArrayRef<std::string> Candidates) {
  std::vector<StringRef> Refs(Candidates.begin(), Candidates.end());
  return closestSpelling(Name, Refs).str();
}

/// The class template a record specializes when it lives in namespace std
/// (or std::chrono), e.g. "basic_string" or "chrono::duration".
std::string stdTemplateName(const CXXRecordDecl *Record) {
  if (!Record)
    return "";
  bool InStd = false, InChrono = false;
  for (const DeclContext *DC = Record->getDeclContext(); DC; DC = DC->getParent()) {
    InStd |= DC->isStdNamespace();
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      InChrono |= NS->getName() == "chrono";
  }
  if (!InStd)
    return "";
  return (InChrono ? "chrono::" : "") + Record->getName().str();
}

bool isCharType(QualType T) {
  return T->isCharType() && !T->isWideCharType();
}

/// How a value of type T is recorded, or std::nullopt when it cannot be.
std::optional<ValueKind> classify(QualType T, InstrumentedAttribute &Out) {
  T = T.getNonReferenceType().getCanonicalType().getUnqualifiedType();
  if (T->isBooleanType())
    return ValueKind::Bool;
  if (const auto *Enum = T->getAs<EnumType>()) {
    const EnumDecl *Decl = Enum->getDecl()->getDefinition();
    if (!Decl)
      return ValueKind::Int;
    std::string TypeName =
        TypeName::getFullyQualifiedName(T, Decl->getASTContext(),
                                        Decl->getASTContext().getPrintingPolicy(),
                                        /*WithGlobalNsPrefix=*/true);
    Out.EnumType = TypeName;
    llvm::SmallVector<llvm::APSInt, 8> Seen;
    for (const EnumConstantDecl *Constant : Decl->enumerators()) {
      // Aliases share a value; the first name wins, as a switch needs.
      if (llvm::is_contained(Seen, Constant->getInitVal()))
        continue;
      Seen.push_back(Constant->getInitVal());
      Out.Enumerators.emplace_back(Constant->getName().str(),
                                   TypeName + "::" + Constant->getName().str());
    }
    return ValueKind::Enum;
  }
  if (T->isIntegerType())
    return ValueKind::Int;
  if (T->isRealFloatingType())
    return ValueKind::Double;
  if (const auto *Pointer = T->getAs<PointerType>())
    if (isCharType(Pointer->getPointeeType()))
      return ValueKind::String;
  if (const auto *Array = dyn_cast<ArrayType>(T.getTypePtr()))
    if (isCharType(Array->getElementType()))
      return ValueKind::String;
  if (const CXXRecordDecl *Record = T->getAsCXXRecordDecl()) {
    std::string Name = stdTemplateName(Record);
    if (Name == "chrono::duration")
      return ValueKind::Duration;
    if (Name == "basic_string" || Name == "basic_string_view") {
      const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record);
      if (Spec && isCharType(Spec->getTemplateArgs()[0].getAsType()))
        return ValueKind::String;
    }
  }
  return std::nullopt;
}

/// Finds a data member or member function named Name in Record or its bases.
const NamedDecl *findMember(const CXXRecordDecl *Record, StringRef Name,
                            std::vector<std::string> &AllNames) {
  if (!Record || !Record->hasDefinition())
    return nullptr;
  Record = Record->getDefinition();
  const NamedDecl *Found = nullptr;
  for (const Decl *D : Record->decls()) {
    const auto *Member = dyn_cast<NamedDecl>(D);
    if (!Member || !(isa<FieldDecl>(Member) || isa<CXXMethodDecl>(Member)) ||
        isa<CXXConstructorDecl>(Member) || isa<CXXDestructorDecl>(Member) ||
        !Member->getIdentifier())
      continue;
    AllNames.push_back(Member->getName().str());
    if (!Found && Member->getName() == Name)
      Found = Member;
  }
  if (Found)
    return Found;
  for (const CXXBaseSpecifier &Base : Record->bases())
    if (const NamedDecl *InBase =
            findMember(Base.getType()->getAsCXXRecordDecl(), Name, AllNames))
      return InBase;
  return nullptr;
}

/// The ReturnStmts of one function body, not those of lambdas or local
/// classes inside it.
class ReturnCollector : public RecursiveASTVisitor<ReturnCollector> {
public:
  std::vector<const ReturnStmt *> Returns;
  bool VisitReturnStmt(ReturnStmt *S) {
    Returns.push_back(S);
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool TraverseBlockExpr(BlockExpr *) { return true; }
};

/// True when E names a local variable or parameter held by value, which a
/// plain `return E;` would have moved from.
bool namesMovableLocal(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    if (Construct->getNumArgs() == 1)
      E = Construct->getArg(0)->IgnoreParenImpCasts();
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  if (!Ref)
    return false;
  const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
  return Var && Var->hasLocalStorage() && !Var->getType()->isReferenceType() &&
         !Var->getType().isVolatileQualified();
}

} // namespace

std::string
FunctionInstrumenter::whyNotInstrumentable(const FunctionDecl &Definition) const {
  const SourceManager &SM = Context.getSourceManager();
  if (Definition.isDeleted() || Definition.isExplicitlyDefaulted())
    return "it is deleted or defaulted and has no body";
  // A lambda is constexpr whenever it can be (Clang does not tell whether
  // `constexpr` was written): one used in a constant expression fails to
  // compile once instrumented.
  if (!isLambdaCallOperator(&Definition) && Definition.isConstexpr())
    return "it is constexpr: a span cannot start during constant evaluation";
  const Stmt *Body = Definition.getBody();
  if (!Body)
    return "it has no body";
  const CompoundStmt *Compound = userBody(Definition);
  if (!Compound)
    return "its body is a function-try-block";
  if (Compound->getLBracLoc().isMacroID() ||
      Compound->getRBracLoc().isMacroID())
    return "its body comes from a macro expansion";
  if (!Files.contains(SM, Compound->getLBracLoc()))
    return "it is defined in a system header";
  return "";
}

/// The name a span's code.function records: a lambda is named after the
/// function it is written in.
static std::string functionName(const FunctionDecl &Definition) {
  if (!isLambdaCallOperator(&Definition))
    return Definition.getQualifiedNameAsString();
  const auto *Enclosing = dyn_cast_or_null<NamedDecl>(
      cast<CXXMethodDecl>(Definition).getParent()->getParentFunctionOrMethod());
  return (Enclosing ? Enclosing->getQualifiedNameAsString() + "::" : "") +
         "lambda";
}

std::optional<InstrumentedFunction>
FunctionInstrumenter::plan(const FunctionDecl &Definition,
                           const SpanRequest &Request) {
  const SourceManager &SM = Context.getSourceManager();
  const SpanAnnotation &Spec = Request.Spec;
  SourceLocation AnnotationLoc = Request.Locate(Spec.NameOffset);

  std::string Why = whyNotInstrumentable(Definition);
  if (!Why.empty()) {
    Diags.error(AnnotationLoc, "cannot instrument '" +
                                   functionName(Definition) +
                                   "': " + Why);
    return std::nullopt;
  }

  InstrumentedFunction F;
  const CompoundStmt *Body = userBody(Definition);
  F.File = absoluteFilePath(SM, Body->getBeginLoc());
  F.QualifiedName = functionName(Definition);
  F.SpanName = Spec.Name;
  F.Kind = Spec.Kind.value_or(SpanKind::Internal);
  F.Origin = Request.Origin;
  SourceLocation NameLoc = SM.getExpansionLoc(Definition.getLocation());
  F.Line = SM.getExpansionLineNumber(NameLoc);
  F.Column = SM.getExpansionColumnNumber(NameLoc);
  F.BodyBegin = SM.getFileOffset(Body->getLBracLoc());
  F.BodyEnd = SM.getFileOffset(Body->getRBracLoc());
  F.IsTemplate = Definition.isTemplated();
  const auto *Proto = Definition.getType()->getAs<FunctionProtoType>();
  F.RecordExceptions = Context.getLangOpts().CXXExceptions &&
                       !(Proto && Proto->isNothrow());

  F.Coroutine = isa<CoroutineBodyStmt>(Definition.getBody());
  bool Ok = !F.Coroutine || planSuspensions(Definition, Context, Diags, F);
  for (const AttributeSpec &AttrSpec : Spec.Attributes) {
    if (std::optional<InstrumentedAttribute> Attribute =
            planAttribute(Definition, Request, AttrSpec))
      F.Attributes.push_back(std::move(*Attribute));
    else
      Ok = false;
  }
  if (Spec.StatusFromResult && !planResultStatus(Definition, Request, F))
    Ok = false;
  if (Spec.Carrier) {
    SourceLocation CarrierLoc = Request.Locate(Spec.Carrier->Offset);
    if (F.Coroutine) {
      Diags.error(AnnotationLoc,
                  "cannot instrument '" + functionName(Definition) +
                      "': a message's producer or consumer span is not yet "
                      "supported on a coroutine; put it on the plain function "
                      "that enqueues or handles the message");
      Ok = false;
    } else if (std::optional<ResolvedPath> Path =
                   resolvePath(Definition, Request, *Spec.Carrier)) {
      F.Carrier = planCarrier(*Path, F.Kind, Context, Diags, CarrierLoc);
      Ok &= F.Carrier.has_value();
    } else {
      Ok = false;
    }
  }
  if (!Ok)
    return std::nullopt;
  return F;
}

std::optional<ResolvedPath>
FunctionInstrumenter::resolvePath(const FunctionDecl &Definition,
                                  const SpanRequest &Request,
                                  const AttributeSpec &Spec) {
  SourceLocation Loc = Request.Locate(Spec.Offset);
  const FunctionDecl &Naming = *Request.NamingDecl;
  StringRef ParamName = Spec.Path.front().Name;

  // Paths name the parameters of the declaration they are written on; the
  // definition may spell them differently.
  std::optional<unsigned> Index;
  std::vector<std::string> ParamNames;
  for (unsigned I = 0; I < Naming.getNumParams(); ++I) {
    StringRef Name = Naming.getParamDecl(I)->getName();
    if (!Name.empty())
      ParamNames.push_back(Name.str());
    if (Name == ParamName)
      Index = I;
  }
  if (!Index) {
    std::string Message = "'" + Naming.getNameAsString() +
                          "' has no parameter named '" + ParamName.str() + "'";
    std::string Suggestion = closest(ParamName, ParamNames);
    if (!Suggestion.empty()) {
      Diags.error(Loc, Message + "; did you mean '" + Suggestion + "'?")
          << FixItHint::CreateReplacement(
                 CharSourceRange::getTokenRange(Loc, Loc), Suggestion);
    } else {
      Diags.error(Loc, Message + (ParamNames.empty()
                                      ? std::string("; it has no named parameters")
                                      : "; its parameters are " +
                                            llvm::join(ParamNames, ", ")));
    }
    return std::nullopt;
  }
  const ParmVarDecl *Param = Definition.getParamDecl(*Index);
  if (Param->getName().empty()) {
    Diags.error(Loc, "parameter '" + ParamName.str() +
                         "' has no name in the definition of '" +
                         Definition.getNameAsString() +
                         "'; name it there to record it");
    return std::nullopt;
  }

  ResolvedPath Path;
  Path.Expression = Param->getName().str();
  Path.Type = Param->getType();
  Path.Const = Path.Type.getNonReferenceType().isConstQualified();
  for (size_t I = 1; I < Spec.Path.size(); ++I) {
    const PathStep &Step = Spec.Path[I];
    Path.Expression +=
        (Step.Arrow ? "->" : ".") + Step.Name + (Step.Call ? "()" : "");
    if (Path.Dependent)
      continue;
    QualType Object = Path.Type.getNonReferenceType();
    if (Object->isDependentType()) {
      Path.Dependent = true;
      continue;
    }
    bool ObjectConst = Path.Const;
    if (Step.Arrow) {
      if (!Object->isPointerType()) {
        Diags.error(Loc, "'" + Path.Expression +
                             "': '->' needs a pointer, "
                             "but the value has type '" +
                             Object.getAsString() + "'; use '.'");
        return std::nullopt;
      }
      Object = Object->getPointeeType();
      ObjectConst = Object.isConstQualified();
    } else if (Object->isPointerType()) {
      Diags.error(Loc, "'" + Path.Expression +
                           "': the value is a pointer "
                           "of type '" +
                           Object.getAsString() + "'; use '->'");
      return std::nullopt;
    }
    std::vector<std::string> MemberNames;
    const NamedDecl *Member =
        findMember(Object->getAsCXXRecordDecl(), Step.Name, MemberNames);
    if (!Member) {
      std::string Message = "'" + Object.getAsString() +
                            "' has no member named '" + Step.Name + "'";
      std::string Suggestion = closest(Step.Name, MemberNames);
      if (!Suggestion.empty())
        Message += "; did you mean '" + Suggestion + "'?";
      Diags.error(Loc, Message);
      return std::nullopt;
    }
    if (const auto *Field = dyn_cast<FieldDecl>(Member)) {
      if (Step.Call) {
        Diags.error(Loc, "'" + Step.Name + "' is a data member of '" +
                             Object.getAsString() + "'; remove the '()'");
        return std::nullopt;
      }
      Path.Type = Field->getType();
      Path.Const = (ObjectConst && !Field->isMutable()) ||
                   Path.Type.getNonReferenceType().isConstQualified();
      Path.Temporary = false;
      continue;
    }
    const auto *Method = cast<CXXMethodDecl>(Member);
    if (!Step.Call) {
      Diags.error(Loc, "'" + Step.Name + "' is a member function of '" +
                           Object.getAsString() + "'; write '" + Step.Name +
                           "()' to record what it returns");
      return std::nullopt;
    }
    if (Method->getMinRequiredArguments() != 0) {
      Diags.error(Loc, "'" + Method->getQualifiedNameAsString() +
                           "' takes arguments; only member functions without "
                           "arguments can be recorded");
      return std::nullopt;
    }
    Path.Type = Method->getReturnType();
    Path.Const = Path.Type.getNonReferenceType().isConstQualified();
    Path.Temporary = !Path.Type->isLValueReferenceType();
  }
  return Path;
}

std::optional<InstrumentedAttribute>
FunctionInstrumenter::planAttribute(const FunctionDecl &Definition,
                                    const SpanRequest &Request,
                                    const AttributeSpec &Spec) {
  SourceLocation Loc = Request.Locate(Spec.Offset);
  std::optional<ResolvedPath> Path = resolvePath(Definition, Request, Spec);
  if (!Path)
    return std::nullopt;
  InstrumentedAttribute Attribute;
  Attribute.Key = Spec.Key;
  Attribute.Expression = Path->Expression;
  Attribute.Dependent = Path->Dependent;
  QualType Type = Path->Type;

  const schema::Field *Declared = nullptr;
  if (Request.Declared) {
    Declared = Request.Declared->findAttribute(Attribute.Key);
    if (!Declared) {
      std::vector<StringRef> Keys;
      for (const schema::Field &A : Request.Declared->Attributes)
        Keys.push_back(A.Name);
      StringRef Suggestion = closestSpelling(Attribute.Key, Keys);
      Diags.error(Loc, "span '" + Request.Declared->Name +
                           "' declares no attribute '" + Attribute.Key + "'" +
                           (Suggestion.empty()
                                ? "; declare it in the schema's span"
                                : "; did you mean '" + Suggestion.str() + "'?"));
      return std::nullopt;
    }
    Attribute.Redacted = Declared->Redacted;
  }

  // The recorded value is the path's last step; the objects it is read from
  // (a `card` holding `last4`) may have any name.
  if (!Attribute.Redacted && (naming::looksSensitive(Spec.Path.back().Name) ||
      naming::looksSensitive(Attribute.Key))) {
    Diags.error(Loc, "'" + Attribute.Expression + "' recorded as '" +
                         Attribute.Key + "' looks sensitive; secrets must not "
                         "reach traces: do not record it, record a non-secret "
                         "member (attrs(card.last4)), or declare the span "
                         "attribute as redacted in the schema");
    return std::nullopt;
  }

  Attribute.CppType = Type.getAsString(Context.getPrintingPolicy());
  if (Attribute.Dependent || Type->isDependentType()) {
    Attribute.Dependent = true;
    return Attribute;
  }
  std::optional<ValueKind> Kind = classify(Type, Attribute);
  if (!Kind) {
    Diags.error(Loc, "cannot record '" + Attribute.Expression + "' of type '" +
                         Attribute.CppType +
                         "' as a span attribute; record a string, integer, "
                         "floating-point, bool, enum or std::chrono::duration "
                         "member of it instead (e.g. attrs(" +
                         Attribute.Expression + ".id))");
    return std::nullopt;
  }
  Attribute.Kind = *Kind;
  if (Declared && !checkAgainstSchema(Request, Spec, *Declared, Attribute, Loc))
    return std::nullopt;
  return Attribute;
}

bool FunctionInstrumenter::checkAgainstSchema(
    const SpanRequest &Request, const AttributeSpec &Spec,
    const schema::Field &Declared, const InstrumentedAttribute &Attribute,
    SourceLocation Loc) {
  using schema::FieldType;
  ValueKind Kind = Attribute.Kind;
  bool Compatible = false;
  switch (Declared.Type) {
  case FieldType::String:
    Compatible = Kind == ValueKind::String || Kind == ValueKind::Enum;
    break;
  case FieldType::Int:
    Compatible = Kind == ValueKind::Int;
    break;
  case FieldType::Double:
    Compatible = Kind == ValueKind::Double || Kind == ValueKind::Int;
    break;
  case FieldType::Bool:
    Compatible = Kind == ValueKind::Bool;
    break;
  case FieldType::Duration:
    Compatible = Kind == ValueKind::Duration;
    break;
  case FieldType::Enum:
    Compatible = Kind == ValueKind::Enum;
    break;
  }
  (void)Spec;
  if (!Compatible) {
    Diags.error(Loc, "span '" + Request.Declared->Name + "' declares attribute '" +
                         Attribute.Key + "' as " +
                         schema::name(Declared.Type).str() + ", but '" +
                         Attribute.Expression + "' has type '" +
                         Attribute.CppType + "' (" +
                         valueKindName(Kind).str() + ")");
    return false;
  }
  if (Declared.Type != FieldType::Enum)
    return true;
  // Every value the C++ enum can take must be one the schema declares.
  std::vector<std::string> Undeclared;
  for (const auto &[Name, Constant] : Attribute.Enumerators)
    if (!llvm::is_contained(Declared.Values, Name))
      Undeclared.push_back(Name);
  if (!Undeclared.empty()) {
    Diags.error(Loc, "span '" + Request.Declared->Name + "' declares attribute '" +
                         Attribute.Key + "' with values " +
                         llvm::join(Declared.Values, ", ") + "; '" +
                         Attribute.CppType + "' also has " +
                         llvm::join(Undeclared, ", "));
    return false;
  }
  return true;
}

bool FunctionInstrumenter::planResultStatus(const FunctionDecl &Definition,
                                            const SpanRequest &Request,
                                            InstrumentedFunction &F) {
  SourceLocation Loc = Request.Locate(Request.Spec.NameOffset);
  // A coroutine's status comes from the value it co_returns.
  QualType Result = F.Coroutine ? coroutineValueType(Definition)
                                : Definition.getReturnType();
  if (Result.isNull()) {
    Diags.error(Loc, "'status = result' needs the value type of coroutine '" +
                         Definition.getNameAsString() +
                         "' as its return type's first template argument; "
                         "it returns '" +
                         Definition.getReturnType().getAsString(
                             Context.getPrintingPolicy()) +
                         "'");
    return false;
  }
  QualType Canonical = Result.getCanonicalType().getUnqualifiedType();
  if (Result->isDependentType() || Result->isUndeducedType()) {
    Diags.error(Loc, "'status = result' needs a return type known where '" +
                         Definition.getNameAsString() +
                         "' is defined; it returns '" +
                         Result.getAsString(Context.getPrintingPolicy()) + "'");
    return false;
  }
  const CXXRecordDecl *Record = Canonical->getAsCXXRecordDecl();
  std::string StdName = stdTemplateName(Record);
  std::vector<std::string> Unused;
  if (Canonical->isBooleanType())
    F.Status = ResultStatus::Bool;
  else if (StdName == "optional")
    F.Status = ResultStatus::Optional;
  else if (StdName == "error_code" || StdName == "error_condition")
    F.Status = ResultStatus::ErrorCode;
  else if (Record && findMember(Record, "has_value", Unused) &&
           findMember(Record, "error", Unused))
    F.Status = ResultStatus::Expected;
  else {
    Diags.error(Loc, "'status = result' needs '" +
                         Definition.getNameAsString() +
                         "' to return bool, std::optional, std::error_code or "
                         "an expected-like type (with has_value() and "
                         "error()); it returns '" +
                         Result.getAsString(Context.getPrintingPolicy()) + "'");
    return false;
  }
  F.ReturnType = TypeName::getFullyQualifiedName(
      Result, Context, Context.getPrintingPolicy(), /*WithGlobalNsPrefix=*/true);

  const SourceManager &SM = Context.getSourceManager();
  // Each returned value, with its return keyword.
  std::vector<std::pair<SourceLocation, const Expr *>> Values;
  if (F.Coroutine) {
    for (const CoreturnStmt *Return : coreturnValues(Definition))
      Values.emplace_back(Return->getKeywordLoc(), Return->getOperand());
  } else {
    ReturnCollector Collector;
    Collector.TraverseStmt(Definition.getBody());
    for (const ReturnStmt *Return : Collector.Returns)
      if (const Expr *Value = Return->getRetValue())
        Values.emplace_back(Return->getReturnLoc(), Value);
  }
  for (const auto &[Keyword, Value] : Values) {
    SourceRange Range = Value->getSourceRange();
    if (Range.getBegin().isMacroID() || Range.getEnd().isMacroID()) {
      Diags.warning(SM.getExpansionLoc(Keyword),
                    "this return is inside a macro expansion; telegen cannot "
                    "observe its value for the span's status");
      continue;
    }
    ReturnSite Site;
    Site.ValueBegin = SM.getFileOffset(Range.getBegin());
    Site.ValueEnd = SM.getFileOffset(Lexer::getLocForEndOfToken(
        Range.getEnd(), 0, SM, Context.getLangOpts()));
    Site.MoveLocal = namesMovableLocal(Value);
    Site.Braced = SM.getCharacterData(Range.getBegin())[0] == '{';
    F.Returns.push_back(Site);
  }
  return true;
}

} // namespace telegen
