"""Routes for the labels area (SKELETON)."""

from fastapi import APIRouter

router = APIRouter()
