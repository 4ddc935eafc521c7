//===- Render.cpp - Dispatch to the renderer of a format ------------------===//
#include "Support/Render.h"

namespace telegen {

void render(OutputFormat Format, const Report &R, llvm::raw_ostream &OS) {
  switch (Format) {
  case OutputFormat::Text:
    return renderText(R, OS);
  case OutputFormat::Json:
    return renderJson(R, OS);
  case OutputFormat::Sarif:
    return renderSarif(R, OS);
  case OutputFormat::Github:
    return renderGithub(R, OS);
  }
}

} // namespace telegen
