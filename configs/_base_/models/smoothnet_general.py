# ./smoothnet.py for the general refiner: a 16-frame window (MMPose 0.x's
# ws16), each track fed as its offsets from the window mean times 50 (the
# detector noise of real video is about 0.3% of the box, as for the general
# DeciWatch, ./deciwatch_general.py); the official loss.
_base_ = ['./smoothnet.py']
refiner = dict(head=dict(seq_len=16, input_centring=50.0))
