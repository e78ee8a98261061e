/* mutu-offer: what members put in common. See mutu-offer(1). */
#include "library.h"
#include "records.h"

int main(int argc, char **argv)
{
	return items_main(argc, argv, &mutu_type_offer, &offer_extras);
}
