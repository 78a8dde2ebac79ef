// The reference Argon2 (Debian libargon2-dev), for password-history hashes in PHC strings.
#ifndef PHIGUARD_CARGON2_SHIM_H
#define PHIGUARD_CARGON2_SHIM_H
#include <argon2.h>
#endif
