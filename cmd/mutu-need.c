/* mutu-need: what members ask the commons for. See mutu-need(1). */
#include "items.h"

int main(int argc, char **argv)
{
	return items_main(argc, argv, &mutu_item_need);
}
