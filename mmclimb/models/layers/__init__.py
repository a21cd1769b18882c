from .conv_lstm_cell import ConvLSTMCell
from .detr_decoder_layer import DetrDecoderLayer
from .detr_encoder_layer import DetrEncoderLayer
from .sine_positional_encoding import SinePositionalEncoding1D
from .smoothnet_res_block import SmoothNetResBlock

__all__ = [
    'ConvLSTMCell', 'DetrDecoderLayer', 'DetrEncoderLayer',
    'SinePositionalEncoding1D', 'SmoothNetResBlock'
]
