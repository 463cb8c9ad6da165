<?php
class BrokenModule
{
}
