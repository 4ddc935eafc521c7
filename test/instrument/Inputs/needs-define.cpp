#include <telegen/annotate.hpp>
#ifndef FROM_THE_COPY
#error "parsed without the copy's flags"
#endif
TELEGEN_SPAN("flags.from_copy") void f() {}
