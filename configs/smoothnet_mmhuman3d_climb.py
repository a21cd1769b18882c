# ./smoothnet_climb.py with MMHuman3D's SmoothNet setting (the defaults of
# its SmoothNet: hidden 512, residual hidden 512, 5 residual blocks, dropout
# 0.1; 2,632,197 parameters at T = 5).
#   python tools/train.py configs/smoothnet_mmhuman3d_climb.py
_base_ = ['./smoothnet_climb.py']
model = dict(head=dict(res_hidden_dims=512, num_blocks=5, dropout=0.1))
