// MariaDB Connector/C (Debian libmariadb-dev), imported by DatabaseScan only.
#include <mysql.h>
#include <mysqld_error.h>
#include <errmsg.h>
