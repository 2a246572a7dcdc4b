typedef int rp_unused_f;
