/* mutu-need: what members ask for. See mutu-need(1). */
#include "library.h"
#include "records.h"

int main(int argc, char **argv)
{
	return items_main(argc, argv, &mutu_type_need, &need_extras);
}
