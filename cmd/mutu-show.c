/* mutu-show: any record, whatever its type, by id. See mutu-show(1). */
#include "common.h"
#include "records.h"

#include "lib/schema.h"

int main(int argc, char **argv)
{
	int status;

	start(argv[0]);
	status = record_show(NULL, argc - 1, argv + 1);
	mutu_schema_cleanup();
	return status;
}
