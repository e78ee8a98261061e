/* mutu-offer: what members put in common. See mutu-offer(1). */
#include "items.h"

int main(int argc, char **argv)
{
	return items_main(argc, argv, &mutu_item_offer);
}
