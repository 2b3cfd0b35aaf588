"""Typed contracts of what one service answers another over HTTP: both sides import the same models."""
