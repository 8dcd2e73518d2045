"""Chapter 06 explorer: ||dL/dh_t|| through time for a tanh RNN, an LSTM and a GRU.

Sliders over the recurrent weights' spectral radius rho, the sequence length T and the
gate bias of the LSTM's forget gate and the GRU's update gate; a clipping cap draws each
clipped curve dashed (:func:`dlcourse.nn.gradient_flow.clip_grad_norm`'s factor).
"""

from __future__ import annotations

from dlcourse.checks import int_in_range, number_in_range, one_of
from dlcourse.nn.gradient_flow import gradient_flows
from dlcourse.plots.gradient_flow import plot_gradient_flow
from dlcourse.widgets.explorer import Explorer, dropdown, slider

CLIP_CAPS = {"off": 0.0, "100": 100.0, "10": 10.0, "1": 1.0}  # label -> max global norm; 0: off


def gradient_flow_explorer(rho: float = 1.3, T: int = 20, gate_bias: float = 3.0,
                           clip: str = "off") -> Explorer:
    """Spectral radius (0.5-1.5), sequence length (5-150), gate bias (0-5) and a clipping cap."""
    rho = number_in_range(rho, "rho", 0.5, 1.5)
    T = int_in_range(T, "T", 5, 150)
    gate_bias = number_in_range(gate_bias, "gate_bias", 0.0, 5.0)
    controls = {
        "rho": slider("spectral radius ρ", rho, 0.5, 1.5, 0.05),
        "T": slider("sequence length T", T, 5, 150, 5),
        "gate_bias": slider("forget/update gate bias", gate_bias, 0.0, 5.0, 0.5),
        "clip": dropdown("clip ‖g‖ at", CLIP_CAPS, CLIP_CAPS[one_of(clip, "clip", CLIP_CAPS)]),
    }

    def render(rho, T, gate_bias, clip):
        flows = gradient_flows(rho, T, gate_bias=gate_bias)
        clipped = None if not clip else {cell: (flow.grad_norm, clip)
                                             for cell, flow in flows.items()}
        norms = {cell: flow.norms for cell, flow in flows.items()}
        return plot_gradient_flow(norms, rho, clipped=clipped,
                                  subtitle=f"forget/update gate bias {gate_bias:g}")

    return Explorer(controls, render)
