"""Documents → paragraphs → sentences → aligned bitext; TMX in and out."""
