typedef int rp_unused_a;
