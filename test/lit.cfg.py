# lit configuration for telegen's generator tests.
# One feature per file: test/<topic>/<feature>-<variant>.{test,yaml,cpp}.
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "telegen"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".test", ".yaml", ".cpp"]
config.excludes = ["Inputs", "e2e", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.telegen_obj_root, "test")

# Diagnostics are checked as text: no colors, whatever the terminal.
config.environment["TERM"] = "dumb"

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(
    [ToolSubst("%telegen", command=os.path.join(config.telegen_tools_dir, "telegen"))]
)
config.substitutions.append(("%src_root", config.telegen_src_root))
config.substitutions.append(
    ("%runtime_include", os.path.join(config.telegen_src_root, "runtime", "include"))
)
# The same in C++20, for coroutines.
config.substitutions.append(
    ("%cxx20flags", "-std=c++20 -I" + os.path.join(config.telegen_src_root, "runtime", "include"))
)
# Flags to parse a test source as the user's build would.
config.substitutions.append(
    ("%cxxflags", "-std=c++17 -I" + os.path.join(config.telegen_src_root, "runtime", "include"))
)
