// Calls the pool's submit: its callable is wrapped.
#include "pool.hpp"

void schedule(jobs::Pool &pool) { pool.submit([] {}); }
